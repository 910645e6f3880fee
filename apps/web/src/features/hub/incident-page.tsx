/** The incident page: triage form, reports timeline, observables (shown defanged), related incidents. */
import { INCIDENT_STATUSES, PRIORITIES, RSIT_TYPE_LIST, SECTORS, STATUS_TRANSITIONS, TLP_LEVELS, type IncidentDetail, type UpdateIncidentInput } from '@renkei/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.js';
import { Link } from '../../app/router.js';
import { useQuery } from '../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextField, TlpBadge } from '../../components/ui.js';

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
  const data = incident.data;

  useEffect(() => {
    if (data) {
      setForm({ status: data.status, priority: data.priority, rsitType: data.rsitType, sector: data.sector, isIcs: data.isIcs, isTargeted: data.isTargeted, tlp: data.tlp, tagsText: data.tags.join(', ') });
    }
  }, [data]);

  if (!data) return <ErrorAlert error={incident.error} />;

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    const { tagsText, ...changes } = form;
    try {
      await api('PATCH', `/api/incidents/${incidentId}`, { ...changes, tags: tagsText.split(',').map((tag) => tag.trim()).filter(Boolean) });
      setMessage(t('common.saved'));
      await incident.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const allowedStatuses = [data.status, ...STATUS_TRANSITIONS[data.status]];
  return (
    <>
      <p>
        <Link to={`/workspaces/${data.workspaceId}/incidents`}>← {t('hub.queue')}</Link>
      </p>
      <h1>
        <code>{data.trackingNumber}</code> {data.title}
      </h1>
      <p>
        <TlpBadge tlp={data.tlp} /> {t(`category.${data.category}`)} · {t(`status.${data.status}`)} · {t(`priority.${data.priority}`)}
        {data.suggestedCategory && data.suggestedCategory !== data.category && (
          <>
            {' '}
            · {t('hub.suggested')}: {t(`category.${data.suggestedCategory}`)}
          </>
        )}
      </p>

      <form className="card triage" onSubmit={(event) => void save(event)} aria-labelledby="triage-title">
        <h2 id="triage-title">{t('hub.triage')}</h2>
        <div className="inline-form">
          <SelectField label={t('hub.status')} value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value as IncidentDetail['status'] })}>
            {INCIDENT_STATUSES.filter((s) => allowedStatuses.includes(s)).map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('hub.priority')} value={form.priority} onChange={(e) => setForm({ ...form, priority: e.target.value as IncidentDetail['priority'] })}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('hub.rsitType')} value={form.rsitType ?? ''} onChange={(e) => setForm({ ...form, rsitType: (e.target.value || null) as IncidentDetail['rsitType'] })}>
            <option value="">—</option>
            {RSIT_TYPE_LIST.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('hub.sector')} value={form.sector ?? ''} onChange={(e) => setForm({ ...form, sector: (e.target.value || null) as IncidentDetail['sector'] })}>
            <option value="">—</option>
            {SECTORS.map((sector) => (
              <option key={sector} value={sector}>
                {t(`sector.${sector}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label="TLP" value={form.tlp} onChange={(e) => setForm({ ...form, tlp: e.target.value as IncidentDetail['tlp'] })}>
            {TLP_LEVELS.map((level) => (
              <option key={level} value={level}>
                TLP:{level}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="inline-form">
          <label className="checkbox">
            <input type="checkbox" checked={form.isIcs ?? false} onChange={(e) => setForm({ ...form, isIcs: e.target.checked })} /> {t('hub.isIcs')}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={form.isTargeted ?? false} onChange={(e) => setForm({ ...form, isTargeted: e.target.checked })} /> {t('hub.isTargeted')}
          </label>
          <TextField label={t('hub.tags')} value={form.tagsText} onChange={(e) => setForm({ ...form, tagsText: e.target.value })} />
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

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('hub.timeline')}</h2>
        <ol className="timeline">
          {data.reports.map((report) => (
            <li key={report.id} className="card">
              <div className="notice-head">
                <TlpBadge tlp={report.tlp} /> <strong>{report.subject}</strong>
                <time dateTime={report.receivedAt}>{dateFormat.format(new Date(report.receivedAt))}</time>
                <span>
                  {t('hub.channel')}: {t(`hub.channel_${report.channel}`)}
                </span>
                <span>
                  {t('hub.reporter')}: {report.isReporterHidden ? t('hub.hidden') : [report.reporterName, report.reporterEmail, report.reporterOrganization].filter(Boolean).join(' / ') || '—'}
                </span>
              </div>
              {/* Plain text only: mail HTML is never rendered. */}
              <pre className="report-body">{report.body}</pre>
              {report.attachments.length > 0 && (
                <ul aria-label={t('hub.attachments')}>
                  {report.attachments.map((attachment) => (
                    <li key={attachment.id}>
                      <a href={`/api/attachments/${attachment.id}`} download>
                        {attachment.filename ?? attachment.sha256.slice(0, 12)}
                      </a>{' '}
                      ({attachment.contentType}, {attachment.size.toLocaleString()} bytes, SHA-256 <code>{attachment.sha256.slice(0, 16)}…</code>)
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
