/**
 * The handler's worklist on the home page, per Hub workspace: new incidents whose first-response
 * target is due within four hours or overdue, what is assigned to me, and the newest unassigned.
 */
import type { IncidentSummary, MembershipDto } from '@renkei/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { TlpBadge } from '../../../components/ui.js';
import { useDateTime } from '../../../i18n/date-time.js';

const DUE_WITHIN_MS = 4 * 60 * 60 * 1000;

function WorkList({ title, url, empty }: { title: string; url: string; empty: string }) {
  const { t } = useTranslation();
  const incidents = useQuery<IncidentSummary[]>(url);
  const formatTime = useDateTime();
  const now = new Date().toISOString();
  return (
    <section>
      <h3>{title}</h3>
      {incidents.data?.length === 0 && <p className="hint">{empty}</p>}
      <ul>
        {incidents.data?.map((incident) => (
          <li key={incident.id}>
            <TlpBadge tlp={incident.tlp} /> <code>{incident.trackingNumber}</code>{' '}
            <Link to={`/incidents/${incident.id}`}>{incident.title}</Link> · {t(`priority.${incident.priority}`)}
            {incident.responseDueAt && (
              <>
                {' '}
                · {t('hub.due')}: {formatTime(incident.responseDueAt)}
                {incident.responseDueAt < now && incident.status === 'new' && (
                  <strong className="overdue"> {t('hub.overdue')}</strong>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Worklist({ membership }: { membership: MembershipDto }) {
  const { t } = useTranslation();
  // Computed once per visit, so the list's URL (and its cache key) stays still while it shows.
  const dueBefore = useMemo(() => new Date(Date.now() + DUE_WITHIN_MS).toISOString(), []);
  const base = `/api/workspaces/${membership.workspaceId}/incidents?limit=10&sort=priority`;
  return (
    <section aria-label={`${t('hub.worklist')}: ${membership.workspaceName}`}>
      {/* The workspace itself is linked from the table below: one link per name on the page. */}
      <h2>
        {t('hub.worklist')}: {membership.workspaceName}
      </h2>
      <WorkList
        title={t('hub.worklistDue')}
        url={`${base}&status=new&dueBefore=${encodeURIComponent(dueBefore)}`}
        empty={t('hub.worklistNothing')}
      />
      <WorkList title={t('hub.assignedToMe')} url={`${base}&assigneeId=me`} empty={t('hub.worklistNothing')} />
      <WorkList
        title={t('hub.worklistUnassigned')}
        url={`${base}&assigneeId=none&status=new`}
        empty={t('hub.worklistNothing')}
      />
    </section>
  );
}
