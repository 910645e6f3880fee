/**
 * A group's risk-assessment worksheet, edited by the group together: the table refreshes every
 * few seconds with the others' changes; a change made on an outdated row is refused by the
 * server and the latest version is loaded instead. Other groups see it read-only (presentation).
 */
import { Button, Checkbox } from '@mantine/core';
import { ApiError, api } from '../../../app/api.js';
import type { FrameworkReference, RiskRow, Worksheet } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TextArea, TextField } from '../../../components/ui.js';

export function WorksheetPage({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const worksheet = useQuery<Worksheet>(`/api/groups/${groupId}/worksheet`, { refreshMs: 3000 });
  const references = useQuery<FrameworkReference[]>('/api/frameworks');
  const [editing, setEditing] = useState<RiskRow | null>();
  const titles = new Map((references.data ?? []).map((r) => [r.id, r.title]));
  if (!worksheet.data) return <ErrorAlert error={worksheet.error} />;
  return (
    <>
      <h1>
        {t('programme.worksheet')} — {worksheet.data.groupName}
      </h1>
      {!worksheet.data.mayEdit && <p>{t('programme.readOnly')}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('programme.useCase')}</th>
            <th scope="col">{t('programme.asset')}</th>
            <th scope="col">{t('programme.threat')}</th>
            <th scope="col">{t('programme.vulnerability')}</th>
            <th scope="col">{t('programme.risk')}</th>
            <th scope="col">{t('programme.controls')}</th>
            <th scope="col">{t('programme.frameworks')}</th>
            {worksheet.data.mayEdit && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {worksheet.data.rows.map((row) => (
            <tr key={row.id}>
              <td>{row.useCase}</td>
              <td>{row.asset}</td>
              <td>{row.threat}</td>
              <td>{row.vulnerability}</td>
              <td>
                {row.likelihood} × {row.impact} = <strong>{row.risk}</strong> ({t(`programme.levels.${row.level}`)})
              </td>
              <td>{row.controls}</td>
              <td>
                <small>{row.frameworks.map((id) => titles.get(id) ?? id).join('、')}</small>
              </td>
              {worksheet.data!.mayEdit && (
                <td>
                  <Button size="compact-xs" variant="default" onClick={() => setEditing(row)}>
                    {t('programme.edit')}
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {worksheet.data.mayEdit && editing === undefined && (
        <Button onClick={() => setEditing(null)}>{t('programme.addRisk')}</Button>
      )}
      {worksheet.data.mayEdit && editing !== undefined && (
        <RiskForm
          key={editing?.id ?? 'new'}
          groupId={groupId}
          row={editing}
          references={references.data ?? []}
          onDone={() => {
            setEditing(undefined);
            void worksheet.reload();
          }}
          onConflict={async () => {
            await worksheet.reload();
          }}
        />
      )}
    </>
  );
}

function RiskForm({
  groupId,
  row,
  references,
  onDone,
  onConflict,
}: {
  groupId: string;
  row: RiskRow | null;
  references: readonly FrameworkReference[];
  onDone: () => void;
  onConflict: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [useCase, setUseCase] = useState(row?.useCase ?? '');
  const [asset, setAsset] = useState(row?.asset ?? '');
  const [threat, setThreat] = useState(row?.threat ?? '');
  const [vulnerability, setVulnerability] = useState(row?.vulnerability ?? '');
  const [likelihood, setLikelihood] = useState(String(row?.likelihood ?? 3));
  const [impact, setImpact] = useState(String(row?.impact ?? 3));
  const [controls, setControls] = useState(row?.controls ?? '');
  const [frameworks, setFrameworks] = useState<string[]>(row?.frameworks ?? []);
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState(false);
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const body = {
      useCase,
      asset,
      threat,
      vulnerability,
      likelihood: Number(likelihood),
      impact: Number(impact),
      controls,
      frameworks,
      ...(row ? { version: row.version } : {}),
    };
    try {
      if (row) await api('PUT', `/api/risk-rows/${row.id}`, body);
      else await api('POST', `/api/groups/${groupId}/worksheet/rows`, body);
      onDone();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        setConflict(true);
        await onConflict();
      } else setError(caught);
    }
  }
  const groups = [...new Set(references.map((r) => r.framework))];
  const scale = ['1', '2', '3', '4', '5'];
  return (
    <form onSubmit={(event) => void save(event)}>
      {conflict && <p role="alert">{t('programme.conflict')}</p>}
      <TextField label={t('programme.useCase')} value={useCase} onChange={(e) => setUseCase(e.target.value)} />
      <TextField label={t('programme.asset')} value={asset} onChange={(e) => setAsset(e.target.value)} />
      <TextArea label={t('programme.threat')} value={threat} onChange={(e) => setThreat(e.target.value)} />
      <TextArea
        label={t('programme.vulnerability')}
        value={vulnerability}
        onChange={(e) => setVulnerability(e.target.value)}
      />
      <SelectField label={t('programme.likelihood')} value={likelihood} onChange={(e) => setLikelihood(e.target.value)}>
        {scale.map((value) => (
          <option key={value}>{value}</option>
        ))}
      </SelectField>
      <SelectField label={t('programme.impact')} value={impact} onChange={(e) => setImpact(e.target.value)}>
        {scale.map((value) => (
          <option key={value}>{value}</option>
        ))}
      </SelectField>
      <TextArea label={t('programme.controls')} value={controls} onChange={(e) => setControls(e.target.value)} />
      <fieldset>
        <legend>{t('programme.frameworks')}</legend>
        {groups.map((framework) => (
          <details key={framework}>
            <summary>{framework}</summary>
            {references
              .filter((r) => r.framework === framework)
              .map((reference) => (
                <Checkbox
                  key={reference.id}
                  label={reference.title}
                  checked={frameworks.includes(reference.id)}
                  onChange={(e) => {
                    // Read now: React clears currentTarget before a state updater runs.
                    const checked = e.currentTarget.checked;
                    setFrameworks((all) =>
                      checked ? [...all, reference.id] : all.filter((id) => id !== reference.id),
                    );
                  }}
                />
              ))}
          </details>
        ))}
      </fieldset>
      <ErrorAlert error={error} />
      <Button type="submit">{t('programme.save')}</Button>
    </form>
  );
}
