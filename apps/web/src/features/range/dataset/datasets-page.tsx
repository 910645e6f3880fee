/**
 * A course's data sets: generate a labelled synthetic set (normal operation, faults, attacks),
 * import outside data only with a declaration that it is synthetic or de-identified (the
 * personal-data check flags what looks personal), and download CSV or XLSX.
 */
import { Button } from '@mantine/core';
import type { DatasetDto } from '@renkei/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, TextField } from '../../../components/ui.js';

export function DatasetsPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const datasets = useQuery<DatasetDto[]>(`/api/workspaces/${workspaceId}/datasets`);
  const [generate, setGenerate] = useState({ name: '', hours: '24', every: '10' });
  const [file, setFile] = useState<File>();
  const [importName, setImportName] = useState('');
  const [declaration, setDeclaration] = useState<'' | 'synthetic' | 'de-identified'>('');
  const [error, setError] = useState<unknown>();
  const isGenerating = (datasets.data ?? []).some((d) => d.status === 'generating');

  // Generation runs as a job: refresh until it is done.
  useEffect(() => {
    if (!isGenerating) return;
    const timer = setInterval(() => void datasets.reload(), 1500);
    return () => clearInterval(timer);
  }, [isGenerating, datasets]);

  async function submitGenerate(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/workspaces/${workspaceId}/datasets`, {
        name: generate.name,
        durationHours: Number(generate.hours),
        everyS: Number(generate.every),
      });
      await datasets.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function submitImport(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (!file) return;
    try {
      await api('POST', `/api/workspaces/${workspaceId}/datasets/import`, {
        name: importName || file.name,
        csv: await file.text(),
        ...(declaration ? { declaration } : {}),
      });
      setFile(undefined);
      await datasets.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/plants`}>← {t('range.plants')}</Link>
      </p>
      <h1>{t('range.datasets')}</h1>
      <ErrorAlert error={error ?? datasets.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('range.datasetName')}</th>
            <th scope="col">{t('range.provenance')}</th>
            <th scope="col">{t('range.state')}</th>
            <th scope="col">{t('range.rows')}</th>
            <th scope="col">{t('range.download')}</th>
          </tr>
        </thead>
        <tbody>
          {(datasets.data ?? []).map((dataset) => (
            <tr key={dataset.id}>
              <td>{dataset.name}</td>
              <td>{t(`range.provenance_${dataset.provenance}`)}</td>
              <td>
                {t(`range.status_${dataset.status}`)}
                {dataset.piiFindings.length > 0 && (
                  <ul className="hint">
                    {dataset.piiFindings.slice(0, 5).map((finding, index) => (
                      <li key={index}>
                        {t(`range.pii_${finding.kind}`)}: {finding.column} ({t('range.row')} {finding.row}){' '}
                        <code>{finding.sample}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{dataset.rowCount.toLocaleString()}</td>
              <td className="actions">
                {dataset.status !== 'generating' && (
                  <>
                    <a href={`/api/datasets/${dataset.id}/download?format=csv`} download>
                      CSV
                    </a>
                    <a href={`/api/datasets/${dataset.id}/download?format=xlsx`} download>
                      XLSX
                    </a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form className="card" onSubmit={(event) => void submitGenerate(event)} aria-labelledby="generate-title">
        <h2 id="generate-title">{t('range.generate')}</h2>
        <p className="hint">{t('range.generateHint')}</p>
        <div className="inline-form">
          <TextField
            label={t('range.datasetName')}
            required
            value={generate.name}
            onChange={(e) => setGenerate({ ...generate, name: e.target.value })}
          />
          <TextField
            label={t('range.hours')}
            type="number"
            min="0.1"
            max="744"
            step="0.1"
            required
            value={generate.hours}
            onChange={(e) => setGenerate({ ...generate, hours: e.target.value })}
          />
          <TextField
            label={t('range.everyS')}
            type="number"
            min="1"
            max="3600"
            required
            value={generate.every}
            onChange={(e) => setGenerate({ ...generate, every: e.target.value })}
          />
          <Button type="submit">{t('range.generate')}</Button>
        </div>
        {isGenerating && (
          <p role="status">
            <progress aria-label={t('range.status_generating')} /> {t('range.status_generating')}
          </p>
        )}
      </form>

      <form className="card" onSubmit={(event) => void submitImport(event)} aria-labelledby="import-title">
        <h2 id="import-title">{t('range.import')}</h2>
        <p className="hint">{t('range.importHint')}</p>
        <TextField label={t('range.datasetName')} value={importName} onChange={(e) => setImportName(e.target.value)} />
        <label>
          CSV
          <input type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.target.files?.[0])} />
        </label>
        <fieldset>
          <legend>{t('range.declaration')}</legend>
          {(['synthetic', 'de-identified'] as const).map((value) => (
            <label key={value} className="checkbox">
              <input
                type="radio"
                name="declaration"
                required
                checked={declaration === value}
                onChange={() => setDeclaration(value)}
              />{' '}
              {t(`range.declare_${value}`)}
            </label>
          ))}
        </fieldset>
        <Button variant="default" type="submit">
          {t('range.import')}
        </Button>
      </form>
    </>
  );
}
