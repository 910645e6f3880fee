import { Button } from '@mantine/core';
import { TLP_LEVELS, isTlpWithin, type NoticeDto, type Tlp } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useSession } from '../../../app/session.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextArea, TextField, TlpBadge } from '../../../components/ui.js';
import { AuditTrail } from './audit-trail.js';
import { dateTimeFormat } from '../../../i18n/date-time.js';

interface SearchHit {
  objectType: string;
  objectId: string;
  title: string;
  snippet: string;
  /** Where the hit opens (a report opens its incident). */
  href?: string;
  tlp: Tlp;
}

export function WorkspacePage({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const membership = user?.memberships.find((m) => m.workspaceId === workspaceId);
  const notices = useQuery<NoticeDto[]>(membership ? `/api/workspaces/${workspaceId}/notices` : undefined);
  const canManage = membership?.role === 'admin' || membership?.role === 'instructor';
  const canWrite = membership !== undefined && membership.role !== 'partner' && membership.role !== 'vendor';
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>();

  if (!membership) return <ErrorAlert error={new ApiError('WORKSPACE_NOT_FOUND', 404)} />;

  async function post(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/workspaces/${workspaceId}/notices`, { title, body, tlp });
      setTitle('');
      setBody('');
      setMessage(t('notices.posted'));
      await notices.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function search(event: FormEvent) {
    event.preventDefault();
    if (!query.trim()) return;
    try {
      setHits(
        await api<SearchHit[]>(
          'GET',
          `/api/search?workspaceId=${encodeURIComponent(workspaceId)}&q=${encodeURIComponent(query)}`,
        ),
      );
    } catch (caught) {
      setError(caught);
    }
  }

  async function remove(id: string) {
    if (!window.confirm(t('notices.confirmDelete'))) return;
    try {
      await api('DELETE', `/api/notices/${id}`);
      await notices.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const dateFormat = dateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <h1>{membership.workspaceName}</h1>
      <p>
        {t(`workspaceKind.${membership.workspaceKind}`)} · {t(`role.${membership.role}`)} ·{' '}
        <TlpBadge tlp={membership.clearance} />
      </p>

      <p>
        {membership.workspaceKind === 'range_course' ? (
          <>
            <Link to={`/workspaces/${workspaceId}/course`} className="button-link">
              {t('programme.course')}
            </Link>{' '}
            <Link to={`/workspaces/${workspaceId}/surveys`} className="button-link">
              {t('programme.surveys')}
            </Link>{' '}
            <Link to={`/workspaces/${workspaceId}/plants`} className="button-link">
              {t('range.plants')}
            </Link>
          </>
        ) : (
          <Link to={`/workspaces/${workspaceId}/incidents`} className="button-link">
            {t('hub.queue')}
          </Link>
        )}
      </p>

      <section aria-labelledby="search-title">
        <h2 id="search-title">{t('search.label')}</h2>
        <form className="inline-form" role="search" onSubmit={(event) => void search(event)}>
          <TextField
            label={t('search.label')}
            type="search"
            placeholder={t('search.placeholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <Button variant="default" type="submit">
            {t('search.submit')}
          </Button>
        </form>
        {hits &&
          (hits.length === 0 ? (
            <p>{t('search.none')}</p>
          ) : (
            <ul className="hits" aria-label={t('search.results')}>
              {hits.map((hit) => (
                <li key={`${hit.objectType}:${hit.objectId}`}>
                  <TlpBadge tlp={hit.tlp} />{' '}
                  {hit.href ? (
                    <Link to={hit.href}>
                      <strong>{hit.title}</strong>
                    </Link>
                  ) : (
                    <strong>{hit.title}</strong>
                  )}{' '}
                  — {hit.snippet}
                </li>
              ))}
            </ul>
          ))}
      </section>

      <section aria-labelledby="notices-title">
        <h2 id="notices-title">{t('notices.title')}</h2>
        {message && <Notice>{message}</Notice>}
        <ErrorAlert error={error ?? notices.error} />
        {canWrite && (
          <form onSubmit={(event) => void post(event)} className="card">
            <h3>{t('notices.new')}</h3>
            <TextField
              label={t('notices.heading')}
              required
              maxLength={300}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
            <TextArea label={t('notices.body')} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
            <SelectField label={t('tlp.label')} value={tlp} onChange={(e) => setTlp(e.target.value as Tlp)}>
              {TLP_LEVELS.filter((level) => isTlpWithin(level, membership.clearance)).map((level) => (
                <option key={level} value={level}>
                  {t(`tlp.${level}`)}
                </option>
              ))}
            </SelectField>
            <Button type="submit">{t('notices.post')}</Button>
          </form>
        )}
        {notices.data?.length === 0 && <p>{t('notices.empty')}</p>}
        <ul className="notices">
          {notices.data?.map((notice) => (
            <li key={notice.id} className="card">
              <div className="notice-head">
                <TlpBadge tlp={notice.tlp} /> <strong>{notice.title}</strong>{' '}
                <time dateTime={notice.createdAt}>{dateFormat.format(new Date(notice.createdAt))}</time>
              </div>
              <p className="notice-body">{notice.body}</p>
              {canWrite && (
                <Button type="button" variant="subtle" onClick={() => void remove(notice.id)}>
                  {t('notices.delete')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>

      {canManage && <AuditTrail workspaceId={workspaceId} />}
    </>
  );
}
