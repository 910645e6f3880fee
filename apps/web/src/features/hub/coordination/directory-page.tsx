/**
 * The partner directory: organisations the team coordinates with, filtered by kind and name;
 * CSV import with each rejected row and why; export; and "who is responsible" for an address,
 * domain or URL, with the evidence behind each answer.
 */
import { Button } from '@mantine/core';
import {
  ORGANISATION_KINDS,
  type DirectoryImportResult,
  type OrganisationSummary,
  type Resolution,
} from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TextArea, TextField, TlpBadge } from '../../../components/ui.js';

export function DirectoryPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState('');
  const [text, setText] = useState('');
  const [applied, setApplied] = useState({ kind: '', text: '' });
  const query = new URLSearchParams({
    ...(applied.kind ? { kind: applied.kind } : {}),
    ...(applied.text ? { q: applied.text } : {}),
  }).toString();
  const organisations = useQuery<OrganisationSummary[]>(
    `/api/workspaces/${workspaceId}/directory${query ? `?${query}` : ''}`,
  );
  const [csv, setCsv] = useState('');
  const [imported, setImported] = useState<DirectoryImportResult>();
  const [error, setError] = useState<unknown>();

  async function importCsv(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      setImported(
        await api<DirectoryImportResult>('POST', `/api/workspaces/${workspaceId}/directory/import`, {
          format: 'csv',
          content: csv,
        }),
      );
      await organisations.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/incidents`}>← {t('hub.queue')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/feeds`}>{t('coordination.feeds')}</Link>
      </p>
      <h1>{t('coordination.directory')}</h1>
      <ResolveBox workspaceId={workspaceId} />
      <h2>{t('coordination.directory')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setApplied({ kind, text });
        }}
      >
        <SelectField label={t('coordination.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('coordination.allKinds')}</option>
          {ORGANISATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`coordination.kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('coordination.name')} value={text} onChange={(e) => setText(e.target.value)} />
        <Button type="submit" variant="default">
          {t('coordination.search')}
        </Button>
      </form>
      <ErrorAlert error={organisations.error} />
      {organisations.data?.length === 0 && <p>{t('coordination.empty')}</p>}
      {organisations.data && organisations.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('coordination.name')}</th>
              <th scope="col">{t('coordination.kind')}</th>
              <th scope="col">{t('coordination.country')}</th>
              <th scope="col">{t('coordination.languages')}</th>
              <th scope="col">{t('coordination.trust')}</th>
              <th scope="col">TLP</th>
            </tr>
          </thead>
          <tbody>
            {organisations.data.map((organisation) => (
              <tr key={organisation.id}>
                <td>
                  {organisation.name}
                  {organisation.localName && <div className="hint">{organisation.localName}</div>}
                </td>
                <td>{t(`coordination.kinds.${organisation.kind}`)}</td>
                <td>{organisation.country ?? '—'}</td>
                <td>{organisation.languages.join(', ')}</td>
                <td>{organisation.trustLevel}</td>
                <td>
                  <TlpBadge tlp={organisation.tlp} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={`/api/workspaces/${workspaceId}/directory/export?format=csv`}>{t('coordination.exportCsv')}</a> ·{' '}
        <a href={`/api/workspaces/${workspaceId}/directory/export?format=json`}>{t('coordination.exportJson')}</a>
      </p>
      <h2>{t('coordination.import')}</h2>
      <form onSubmit={(event) => void importCsv(event)}>
        <TextArea
          label={t('coordination.importContent')}
          rows={6}
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
        />
        <Button type="submit">{t('coordination.importRun')}</Button>
      </form>
      <ErrorAlert error={error} />
      {imported && (
        <div role="status">
          <p>
            {t('coordination.imported', {
              created: imported.created,
              updated: imported.updated,
              keys: imported.keysImported,
            })}
          </p>
          <ul>
            {imported.rejected.map((row) => (
              <li key={row.row}>
                {t('coordination.rejectedRow', {
                  row: row.row,
                  name: row.name ?? '—',
                  problems: row.problems.join('; '),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

function ResolveBox({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [resolution, setResolution] = useState<Resolution>();
  const [error, setError] = useState<unknown>();
  async function run(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      setResolution(
        await api<Resolution>('GET', `/api/workspaces/${workspaceId}/resolve?q=${encodeURIComponent(q.trim())}`),
      );
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <section aria-labelledby="resolve-heading">
      <h2 id="resolve-heading">{t('coordination.resolve')}</h2>
      <form onSubmit={(event) => void run(event)}>
        <TextField label={t('coordination.resolveQuery')} value={q} onChange={(e) => setQ(e.target.value)} required />
        <Button type="submit">{t('coordination.resolveRun')}</Button>
      </form>
      <ErrorAlert error={error} />
      {resolution && (
        <>
          <h3>{t('coordination.parties')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('coordination.role')}</th>
                <th scope="col">{t('coordination.name')}</th>
                <th scope="col">{t('coordination.recipients')}</th>
                <th scope="col">{t('coordination.reason')}</th>
                <th scope="col">{t('coordination.confidence')}</th>
              </tr>
            </thead>
            <tbody>
              {resolution.parties.map((party, index) => (
                <tr key={index}>
                  <td>{t(`coordination.roles.${party.role}`)}</td>
                  <td>{party.name}</td>
                  <td>{party.emails.join(', ') || '—'}</td>
                  <td>{party.reason}</td>
                  <td>{t(`coordination.confidences.${party.confidence}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('coordination.facts')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('coordination.fact')}</th>
                <th scope="col">{t('coordination.value')}</th>
                <th scope="col">{t('coordination.source')}</th>
                <th scope="col">{t('coordination.confidence')}</th>
              </tr>
            </thead>
            <tbody>
              {resolution.facts.map((fact, index) => (
                <tr key={index}>
                  <td>{fact.name}</td>
                  <td>{fact.value}</td>
                  <td>{fact.source}</td>
                  <td>{t(`coordination.confidences.${fact.confidence}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {resolution.warnings.length > 0 && (
            <>
              <h3>{t('coordination.warnings')}</h3>
              <ul>
                {resolution.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
