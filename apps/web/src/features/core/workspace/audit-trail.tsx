/**
 * A workspace's audit trail for its auditors: changes, reads of victim data and refused reads,
 * newest first, filtered by object, actor or kind of action (issue 12: "who looked at this
 * victim's report").
 */
import { Button } from '@mantine/core';
import type { AuditEventDto } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, TextField } from '../../../components/ui.js';
import { dateTimeFormat } from '../../../i18n/date-time.js';

const AUDIT_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };

export function AuditTrail({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const dateFormat = dateTimeFormat(i18n.language, AUDIT_TIME);
  const [draft, setDraft] = useState({ objectId: '', action: '' });
  const [filter, setFilter] = useState({ objectId: '', action: '', actorId: '' });
  const params = new URLSearchParams({ limit: '50' });
  for (const [key, value] of Object.entries(filter)) if (value.trim()) params.set(key, value.trim());
  const audit = useQuery<AuditEventDto[]>(`/api/workspaces/${workspaceId}/audit?${params.toString()}`);

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilter({ ...filter, ...draft });
  }

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <form className="inline-form" onSubmit={apply}>
        <TextField
          label={t('audit.objectId')}
          value={draft.objectId}
          onChange={(e) => setDraft({ ...draft, objectId: e.target.value })}
        />
        <TextField
          label={t('audit.actionPrefix')}
          placeholder="report.read"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
        />
        <Button variant="default" type="submit">
          {t('audit.filter')}
        </Button>
        {filter.actorId && (
          <Button variant="subtle" type="button" onClick={() => setFilter({ ...filter, actorId: '' })}>
            {t('audit.allActors')}
          </Button>
        )}
      </form>
      <ErrorAlert error={audit.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('audit.seq')}</th>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.object')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.map((event) => (
            <tr key={event.seq} className={event.action.endsWith('-denied') ? 'audit-denied' : undefined}>
              <td>{event.seq}</td>
              <td>{dateFormat.format(new Date(event.at))}</td>
              <td>
                {event.actorId ? (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => setFilter({ ...filter, actorId: event.actorId! })}
                  >
                    {event.actorName ?? event.actorId}
                  </Button>
                ) : (
                  t('audit.system')
                )}
              </td>
              <td>
                <code>{event.action}</code>
              </td>
              <td>
                {event.objectType}{' '}
                {event.objectId && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => {
                      setDraft({ ...draft, objectId: event.objectId! });
                      setFilter({ ...filter, objectId: event.objectId! });
                    }}
                  >
                    <code>{event.objectId.slice(0, 8)}</code>
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
