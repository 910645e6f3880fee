/**
 * Feed notifications: import a feed file (nothing is sent), see each stage's count and rate, the
 * unreadable rows by line, the parties and exactly what each would receive; then send.
 */
import { Button, Progress } from '@mantine/core';
import { FEED_FORMAT_NAMES, type FeedDetail, type FeedImport, type FeedNotificationPreview } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUpload } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TlpBadge } from '../../../components/ui.js';
import { useDateTime } from '../../../i18n/date-time.js';

/** Statuses of an import whose work goes on in the server: its page follows them. */
const WORKING: readonly FeedImport['status'][] = ['reading', 'contacts', 'sending'];

/** How far a long stage has got: a bar when its total is known, a count of rows while reading. */
function FeedProgressBar({ feed }: { feed: FeedImport }) {
  const { t } = useTranslation();
  const progress = feed.progress;
  if (!progress || !WORKING.includes(feed.status)) return null;
  const label = t(`coordination.progressStages.${progress.stage}`, { defaultValue: progress.stage });
  const known = progress.total !== null && progress.total > 0;
  const percent = known ? Math.round((progress.done / progress.total!) * 100) : undefined;
  return (
    <div role="status" aria-live="polite">
      {label}: {progress.done}
      {known ? ` / ${progress.total}` : ` ${t('coordination.rows')}`}
      <Progress
        value={percent ?? 100}
        animated={percent === undefined}
        aria-label={label}
        {...(percent !== undefined ? { 'aria-valuenow': percent } : {})}
      />
    </div>
  );
}

export function FeedsPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  // While a file uploads or an import works in the server, the list follows its counts.
  const imports = useQuery<FeedImport[]>(`/api/workspaces/${workspaceId}/feeds`, {
    refreshMs: (feeds) => (busy || feeds?.some((feed) => WORKING.includes(feed.status)) ? 1000 : false),
  });
  const formatTime = useDateTime();
  const [file, setFile] = useState<File>();
  const [format, setFormat] = useState<string>('shadowserver');
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setError(undefined);
    setBusy(true);
    try {
      const created = await apiUpload<FeedImport>(
        `/api/workspaces/${workspaceId}/feeds?format=${format}&fileName=${encodeURIComponent(file.name)}`,
        file,
        format === 'intelmq' || format === 'json' ? 'application/x-ndjson' : 'text/csv',
      );
      setSelected(created.id);
      await imports.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/incidents`}>← {t('hub.queue')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/directory`}>{t('coordination.directory')}</Link>
      </p>
      <h1>{t('coordination.feeds')}</h1>
      <h2>{t('coordination.feedUpload')}</h2>
      <form onSubmit={(event) => void upload(event)}>
        <SelectField label={t('coordination.feedFormat')} value={format} onChange={(e) => setFormat(e.target.value)}>
          {FEED_FORMAT_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </SelectField>
        <label>
          {t('coordination.feedFile')} <input type="file" onChange={(e) => setFile(e.target.files?.[0])} required />
        </label>{' '}
        <Button type="submit" loading={busy}>
          {t('coordination.feedRun')}
        </Button>
        {busy && !imports.data?.some((feed) => feed.status === 'reading') && (
          <p aria-live="polite">{t('coordination.feedProgress')}</p>
        )}
      </form>
      <ErrorAlert error={error ?? imports.error} />
      <h2>{t('coordination.feedList')}</h2>
      {imports.data?.length === 0 && <p>{t('coordination.feedEmpty')}</p>}
      {imports.data && imports.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('coordination.name')}</th>
              <th scope="col">{t('coordination.rows')}</th>
              <th scope="col">{t('coordination.events')}</th>
              <th scope="col">{t('coordination.partiesCount')}</th>
              <th scope="col">TLP</th>
              <th scope="col">{t('hub.status')}</th>
            </tr>
          </thead>
          <tbody>
            {imports.data.map((feed) => (
              <tr key={feed.id}>
                <td>
                  <Button variant="subtle" size="compact-sm" onClick={() => setSelected(feed.id)}>
                    {feed.name}
                  </Button>
                  <div className="hint">{formatTime(feed.createdAt)}</div>
                </td>
                <td>{feed.counts.rows}</td>
                <td>{feed.counts.events}</td>
                <td>{feed.counts.parties}</td>
                <td>
                  <TlpBadge tlp={feed.tlp} />
                </td>
                <td>
                  {t(`coordination.statuses.${feed.status}`)}
                  <FeedProgressBar feed={feed} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <FeedDetailView key={selected} id={selected} onSent={() => void imports.reload()} />}
    </>
  );
}

function FeedDetailView({ id, onSent }: { id: string; onSent: () => void }) {
  const { t } = useTranslation();
  const detail = useQuery<FeedDetail>(`/api/feeds/${id}`, {
    refreshMs: (feed) => (feed && WORKING.includes(feed.status) ? 1000 : false),
  });
  const [preview, setPreview] = useState<FeedNotificationPreview>();
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<unknown>();
  const feed = detail.data;

  async function show(partyKey: string) {
    setError(undefined);
    try {
      setPreview(
        await api<FeedNotificationPreview>('GET', `/api/feeds/${id}/parties/${encodeURIComponent(partyKey)}/preview`),
      );
    } catch (caught) {
      setError(caught);
    }
  }
  async function send() {
    const count = feed?.parties.filter((party) => party.status === 'draft').length ?? 0;
    if (!window.confirm(t('coordination.sendConfirm', { count }))) return;
    setError(undefined);
    try {
      const sent = await api<{ queued: number; withoutContact: number; withheld: number }>(
        'POST',
        `/api/feeds/${id}/send`,
      );
      setResult(t('coordination.sent', sent));
      await detail.reload();
      onSent();
    } catch (caught) {
      setError(caught);
    }
  }

  if (!feed) return <ErrorAlert error={detail.error} />;
  return (
    <section aria-labelledby="feed-heading">
      <h2 id="feed-heading">{feed.name}</h2>
      <p>
        {t('coordination.rows')} {feed.counts.rows} · {t('coordination.events')} {feed.counts.events} ·{' '}
        {t('coordination.duplicates')} {feed.counts.duplicates} · {t('coordination.problems')} {feed.counts.problems} ·{' '}
        {t('coordination.withoutContact')} {feed.counts.withoutContact} · {t('hub.status')}{' '}
        {t(`coordination.statuses.${feed.status}`)}
      </p>
      <FeedProgressBar feed={feed} />
      <h3>{t('coordination.stages')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('coordination.stage')}</th>
            <th scope="col">{t('coordination.count')}</th>
            <th scope="col">{t('coordination.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {feed.stages.map((stage) => (
            <tr key={stage.stage}>
              <td>{stage.stage}</td>
              <td>{stage.count}</td>
              <td>{stage.rate}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {feed.problems.length > 0 && (
        <>
          <h3>{t('coordination.problems')}</h3>
          <ul>
            {feed.problems.map((problem, index) => (
              <li key={index}>
                {t('coordination.line')} {problem.line}: {problem.code} — {problem.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('coordination.partiesCount')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('coordination.party')}</th>
            <th scope="col">{t('coordination.recipients')}</th>
            <th scope="col">{t('coordination.events')}</th>
            <th scope="col">{t('hub.status')}</th>
            <th scope="col">{t('coordination.preview')}</th>
          </tr>
        </thead>
        <tbody>
          {feed.parties.map((party) => (
            <tr key={party.partyKey}>
              <td>{party.name}</td>
              <td>
                {party.recipients.join(', ') || '—'}
                {(party.recipientsSource ?? party.contactNote) && (
                  <div className="hint">
                    {party.recipientsSource
                      ? `${t('coordination.recipientsFrom')}: ${party.recipientsSource === 'directory' ? t('coordination.directory') : party.recipientsSource}`
                      : party.contactNote}
                  </div>
                )}
              </td>
              <td>{party.events}</td>
              <td>{t(`coordination.statuses.${party.status}`)}</td>
              <td>
                <Button size="compact-xs" variant="default" onClick={() => void show(party.partyKey)}>
                  {t('coordination.preview')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {feed.status === 'ready' && <Button onClick={() => void send()}>{t('coordination.send')}</Button>}
      {result && <p role="status">{result}</p>}
      <ErrorAlert error={error} />
      {preview && (
        <article aria-label={t('coordination.preview')}>
          <p>
            {t('coordination.recipients')}: {preview.recipients.join(', ') || '—'}
          </p>
          <p>
            <strong>{preview.subject}</strong>
          </p>
          <pre>{preview.body}</pre>
          <p>
            {t('coordination.attachment')}: {preview.attachmentName} ({preview.attachmentLines})
          </p>
          <pre>{preview.attachmentHead}</pre>
        </article>
      )}
    </section>
  );
}
