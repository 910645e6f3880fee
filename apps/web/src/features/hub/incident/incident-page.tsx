/**
 * The incident page: one timeline of reports, notes, messages and state changes, with the facts
 * beside it (triage-form.tsx; incident-facts.tsx: observables shown defanged, related incidents);
 * from it a handler views an original message safely, replies, merges or splits.
 */
import { Button } from '@mantine/core';
import { ROLE_PERMISSIONS, type IncidentDetail, type ReportDto, type TimelineEntry } from '@renkei/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useNavigate } from 'react-router';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, Notice, TlpBadge } from '../../../components/ui.js';
import { MergeForm, NoteForm, ReplyComposer } from './incident-actions.js';
import { ObservablesTable, RelatedIncidents } from './incident-facts.js';
import { MessageViewer } from './message-viewer.js';
import { TriageForm } from './triage-form.js';
import { CoordinationPanel } from '../coordination/coordination-panel.js';
import { dateTimeFormat } from '../../../i18n/date-time.js';

function PgpBadge({ report }: { report: ReportDto }) {
  const { t } = useTranslation();
  if (!report.pgp) return null;
  const { encrypted, signature, signer, signerUserId } = report.pgp;
  return (
    <span className={`pgp pgp-${signature}`} title={signer ?? undefined}>
      {encrypted && `🔒 ${t('hub.pgpDecrypted')} `}
      {signature !== 'none' &&
        `${t(`hub.pgpSignature_${signature}`)}${signerUserId ? `: ${signerUserId}` : signer ? `: ${signer}` : ''}`}
    </span>
  );
}

export function IncidentPage({ incidentId }: { incidentId: string }) {
  const { t, i18n } = useTranslation();
  const incident = useQuery<IncidentDetail>(`/api/incidents/${incidentId}`);
  const [error, setError] = useState<unknown>();
  const [openOriginal, setOpenOriginal] = useState<string>();
  const [replyTo, setReplyTo] = useState<{ reportId: string; email: string | null; subject: string }>();
  const [splitSelection, setSplitSelection] = useState<Set<string>>(new Set());
  const data = incident.data;
  const navigate = useNavigate();
  const { user } = useSession();

  if (!data) return <ErrorAlert error={incident.error} />;

  const role = user?.memberships.find((m) => m.workspaceId === data.workspaceId)?.role;
  const mayEdit = role !== undefined && ROLE_PERMISSIONS[role].includes('content.write');

  async function split() {
    setError(undefined);
    try {
      const created = await api<IncidentDetail>('POST', `/api/incidents/${incidentId}/split`, {
        reportIds: [...splitSelection],
      });
      setSplitSelection(new Set());
      void navigate(`/incidents/${created.id}`);
    } catch (caught) {
      setError(caught);
    }
  }

  const dateFormat = dateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  // Reports and the other entries in one chronological timeline.
  const timeline: ({ at: string; report: ReportDto } | { at: string; entry: TimelineEntry })[] = [
    ...data.reports.map((report) => ({ at: report.receivedAt, report })),
    ...data.entries.map((entry) => ({ at: entry.createdAt, entry })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <>
      <p>
        <Link to={`/workspaces/${data.workspaceId}/incidents`}>← {t('hub.queue')}</Link>
      </p>
      <h1>
        <code>{data.trackingNumber}</code> {data.title}
      </h1>
      {data.mergedIntoId && (
        <Notice>
          {t('hub.mergedInto')} <Link to={`/incidents/${data.mergedIntoId}`}>{t('hub.openSurvivor')}</Link>
        </Notice>
      )}
      <p>
        <TlpBadge tlp={data.tlp} /> {t(`category.${data.category}`)} · {t(`status.${data.status}`)} ·{' '}
        {t(`priority.${data.priority}`)}
        {data.suggestedCategory && data.suggestedCategory !== data.category && (
          <>
            {' '}
            · {t('hub.suggested')}: {t(`category.${data.suggestedCategory}`)}
          </>
        )}
      </p>

      {/* As TheHive and RTIR lay it out: the case's facts beside its timeline, not below it. */}
      <div className="incident-layout">
        <aside className="incident-side" aria-label={t('hub.triage')}>
          <TriageForm incident={data} onSaved={incident.reload} />
          <ObservablesTable
            incidentId={data.id}
            observables={data.observables}
            mayEdit={mayEdit}
            onChanged={incident.reload}
          />
          <RelatedIncidents related={data.related} />
        </aside>
        <div className="incident-main">
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('hub.timeline')}</h2>
            {splitSelection.size > 0 && (
              <p>
                <Button variant="default" type="button" onClick={() => void split()}>
                  {t('hub.splitSelected', { count: splitSelection.size })}
                </Button>
              </p>
            )}
            <ErrorAlert error={error} />
            <ol className="timeline">
              {timeline.map((item) =>
                'report' in item ? (
                  <li key={item.report.id} className="card">
                    <div className="notice-head">
                      {data.reports.length > 1 && (
                        <input
                          type="checkbox"
                          aria-label={`${t('hub.selectForSplit')}: ${item.report.subject}`}
                          checked={splitSelection.has(item.report.id)}
                          onChange={(e) => {
                            const next = new Set(splitSelection);
                            if (e.target.checked) next.add(item.report.id);
                            else next.delete(item.report.id);
                            setSplitSelection(next);
                          }}
                        />
                      )}
                      <TlpBadge tlp={item.report.tlp} /> <strong>{item.report.subject}</strong>
                      <time dateTime={item.report.receivedAt}>
                        {dateFormat.format(new Date(item.report.receivedAt))}
                      </time>
                      <span>
                        {t('hub.channel')}: {t(`hub.channel_${item.report.channel}`)}
                      </span>
                      <span>
                        {t('hub.reporter')}:{' '}
                        {item.report.isReporterHidden
                          ? t('hub.hidden')
                          : [item.report.reporterName, item.report.reporterEmail, item.report.reporterOrganization]
                              .filter(Boolean)
                              .join(' / ') || '—'}
                      </span>
                      <PgpBadge report={item.report} />
                    </div>
                    {/* Plain text only: mail HTML is shown only sanitised, in the viewer. */}
                    <pre className="report-body">{item.report.body}</pre>
                    {item.report.attachments.length > 0 && (
                      <ul aria-label={t('hub.attachments')}>
                        {item.report.attachments.map((attachment) => (
                          <li key={attachment.id}>
                            <a href={`/api/attachments/${attachment.id}`} download>
                              {attachment.filename ?? attachment.sha256.slice(0, 12)}
                            </a>{' '}
                            ({attachment.contentType}, {attachment.size.toLocaleString()} bytes, SHA-256{' '}
                            <code>{attachment.sha256.slice(0, 16)}…</code>)
                          </li>
                        ))}
                      </ul>
                    )}
                    <p className="actions">
                      {!item.report.isReporterHidden && ['email', 'web'].includes(item.report.channel) && (
                        <Button
                          variant="default"
                          type="button"
                          aria-expanded={openOriginal === item.report.id}
                          onClick={() => setOpenOriginal(openOriginal === item.report.id ? undefined : item.report.id)}
                        >
                          {t('hub.original')}
                        </Button>
                      )}{' '}
                      {!item.report.isReporterHidden && (
                        <Button
                          variant="default"
                          type="button"
                          onClick={() =>
                            setReplyTo({
                              reportId: item.report.id,
                              email: item.report.reporterEmail,
                              subject: item.report.subject,
                            })
                          }
                        >
                          {t('hub.reply')}
                        </Button>
                      )}
                    </p>
                    {openOriginal === item.report.id && <MessageViewer reportId={item.report.id} />}
                  </li>
                ) : (
                  <li key={item.entry.id} className={`card entry entry-${item.entry.kind}`}>
                    <div className="notice-head">
                      <TlpBadge tlp={item.entry.tlp} /> <strong>{t(`hub.entry_${item.entry.kind}`)}</strong>
                      <time dateTime={item.entry.createdAt}>{dateFormat.format(new Date(item.entry.createdAt))}</time>
                      {item.entry.authorName && <span>{item.entry.authorName}</span>}
                      {item.entry.kind === 'message' && (
                        <span>
                          → {item.entry.recipients.join(', ')} · {t(`hub.delivery_${item.entry.delivery ?? 'queued'}`)}
                        </span>
                      )}
                    </div>
                    {item.entry.subject && <p>{item.entry.subject}</p>}
                    {item.entry.kind === 'event' ? (
                      <p>{item.entry.body}</p>
                    ) : (
                      <pre className="report-body">{item.entry.body}</pre>
                    )}
                  </li>
                ),
              )}
            </ol>
          </section>

          <CoordinationPanel incident={data} mayEdit={mayEdit} />

          <section aria-labelledby="work-title">
            <h2 id="work-title">{t('hub.work')}</h2>
            <NoteForm incidentId={incidentId} onDone={incident.reload} />
            <ReplyComposer
              key={replyTo?.reportId ?? 'new'}
              incident={data}
              replyTo={replyTo}
              onDone={incident.reload}
            />
            {!data.mergedIntoId && <MergeForm incident={data} />}
          </section>
        </div>
      </div>
    </>
  );
}
