/**
 * The incident page: triage (with the assignee picker), observables (shown defanged), related
 * incidents, and one timeline of reports, notes, messages and state changes; from it a handler
 * views an original message safely, replies, merges or splits.
 */
import {
  INCIDENT_STATUSES,
  PRIORITIES,
  RSIT_TYPE_LIST,
  SECTORS,
  STATUS_TRANSITIONS,
  TLP_LEVELS,
  type Assignee,
  type IncidentDetail,
  type ReportDto,
  type TimelineEntry,
  type UpdateIncidentInput,
} from '@renkei/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useNavigate } from 'react-router';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextField, TlpBadge } from '../../../components/ui.js';
import { MergeForm, NoteForm, ReplyComposer } from './incident-actions.js';
import { MessageViewer } from './message-viewer.js';

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

/** Indicators are displayed defanged so that nobody opens a phishing site by accident. */
function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
}

export function IncidentPage({ incidentId }: { incidentId: string }) {
  const { t, i18n } = useTranslation();
  const incident = useQuery<IncidentDetail>(`/api/incidents/${incidentId}`);
  const [form, setForm] = useState<UpdateIncidentInput & { tagsText: string }>({ tagsText: '' });
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [openOriginal, setOpenOriginal] = useState<string>();
  const [replyTo, setReplyTo] = useState<{ reportId: string; email: string | null; subject: string }>();
  const [splitSelection, setSplitSelection] = useState<Set<string>>(new Set());
  const data = incident.data;
  const assignees = useQuery<Assignee[]>(data ? `/api/workspaces/${data.workspaceId}/assignees` : undefined);
  const navigate = useNavigate();

  useEffect(() => {
    if (data) {
      setForm({
        status: data.status,
        priority: data.priority,
        rsitType: data.rsitType,
        sector: data.sector,
        isIcs: data.isIcs,
        isTargeted: data.isTargeted,
        tlp: data.tlp,
        assigneeId: data.assigneeId,
        tagsText: data.tags.join(', '),
      });
    }
  }, [data]);

  if (!data) return <ErrorAlert error={incident.error} />;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    const { tagsText, ...changes } = form;
    try {
      await api('PATCH', `/api/incidents/${incidentId}`, {
        ...changes,
        tags: tagsText
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      });
      setMessage(t('common.saved'));
      await incident.reload();
    } catch (caught) {
      setError(caught);
    }
  }

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

  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const allowedStatuses = [data.status, ...STATUS_TRANSITIONS[data.status]];
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
          <form className="card triage" onSubmit={(event) => void save(event)} aria-labelledby="triage-title">
            <h2 id="triage-title">{t('hub.triage')}</h2>
            <div className="inline-form">
              <SelectField
                label={t('hub.status')}
                value={form.status}
                onChange={(e) => setForm({ ...form, status: e.target.value as IncidentDetail['status'] })}
              >
                {INCIDENT_STATUSES.filter((s) => allowedStatuses.includes(s)).map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('hub.priority')}
                value={form.priority}
                onChange={(e) => setForm({ ...form, priority: e.target.value as IncidentDetail['priority'] })}
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('hub.rsitType')}
                value={form.rsitType ?? ''}
                onChange={(e) => setForm({ ...form, rsitType: (e.target.value || null) as IncidentDetail['rsitType'] })}
              >
                <option value="">—</option>
                {RSIT_TYPE_LIST.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('hub.sector')}
                value={form.sector ?? ''}
                onChange={(e) => setForm({ ...form, sector: (e.target.value || null) as IncidentDetail['sector'] })}
              >
                <option value="">—</option>
                {SECTORS.map((sector) => (
                  <option key={sector} value={sector}>
                    {t(`sector.${sector}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('hub.assignee')}
                value={form.assigneeId ?? ''}
                onChange={(e) => setForm({ ...form, assigneeId: e.target.value || null })}
              >
                <option value="">{t('hub.unassigned')}</option>
                {(assignees.data ?? []).map((assignee) => (
                  <option key={assignee.id} value={assignee.id}>
                    {assignee.displayName} ({assignee.username})
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="TLP"
                value={form.tlp}
                onChange={(e) => setForm({ ...form, tlp: e.target.value as IncidentDetail['tlp'] })}
              >
                {TLP_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    TLP:{level}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="inline-form">
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={form.isIcs ?? false}
                  onChange={(e) => setForm({ ...form, isIcs: e.target.checked })}
                />{' '}
                {t('hub.isIcs')}
              </label>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={form.isTargeted ?? false}
                  onChange={(e) => setForm({ ...form, isTargeted: e.target.checked })}
                />{' '}
                {t('hub.isTargeted')}
              </label>
              <TextField
                label={t('hub.tags')}
                value={form.tagsText}
                onChange={(e) => setForm({ ...form, tagsText: e.target.value })}
              />
              <button type="submit" className="primary">
                {t('hub.save')}
              </button>
            </div>
            <ErrorAlert error={error} />
            {message && <Notice>{message}</Notice>}
          </form>

          <section aria-labelledby="observables-title">
            <h2 id="observables-title">{t('hub.observables')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('hub.type')}</th>
                  <th scope="col">{t('hub.value')}</th>
                  <th scope="col">{t('hub.registeredDomain')}</th>
                </tr>
              </thead>
              <tbody>
                {data.observables.map((o) => (
                  <tr key={`${o.type}:${o.value}`}>
                    <td>{o.type}</td>
                    <td>
                      <code>{defang(o.value)}</code>
                    </td>
                    <td>{o.registeredDomain && <code>{defang(o.registeredDomain)}</code>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          {data.related.length > 0 && (
            <section aria-labelledby="related-title">
              <h2 id="related-title">{t('hub.related')}</h2>
              <ul>
                {data.related.map((r) => (
                  <li key={r.id}>
                    <Link to={`/incidents/${r.id}`}>
                      <code>{r.trackingNumber}</code> {r.title}
                    </Link>{' '}
                    — {t('hub.relatedReason')}: <code>{defang(r.reason)}</code>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
        <div className="incident-main">
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('hub.timeline')}</h2>
            {splitSelection.size > 0 && (
              <p>
                <button type="button" onClick={() => void split()}>
                  {t('hub.splitSelected', { count: splitSelection.size })}
                </button>
              </p>
            )}
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
                        <button
                          type="button"
                          aria-expanded={openOriginal === item.report.id}
                          onClick={() => setOpenOriginal(openOriginal === item.report.id ? undefined : item.report.id)}
                        >
                          {t('hub.original')}
                        </button>
                      )}{' '}
                      {!item.report.isReporterHidden && (
                        <button
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
                        </button>
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
