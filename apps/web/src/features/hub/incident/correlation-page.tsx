/**
 * Correlation settings of a workspace: the exclusion lists (built-in, imported MISP warninglists,
 * the workspace's own, edited here), and the observables that reached the over-correlation limit,
 * for a handler to decide: not an indicator, or keep linking.
 */
import { Button, Group } from '@mantine/core';
import {
  EXCLUSION_MATCH_TYPES,
  type CorrelationSettings,
  type ExclusionMatchType,
  type ReviewObservable,
} from '@renkei/contracts';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextField } from '../../../components/ui.js';
import { CorrelationDecision, defang } from './incident-facts.js';

export function CorrelationPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const settings = useQuery<CorrelationSettings>(`/api/workspaces/${workspaceId}/correlation`);
  const review = useQuery<ReviewObservable[]>(`/api/workspaces/${workspaceId}/observables/review`);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [matchType, setMatchType] = useState<ExclusionMatchType>('hostname');
  const [value, setValue] = useState('');

  async function act(request: () => Promise<unknown>) {
    setError(undefined);
    setDone(undefined);
    try {
      await request();
      await Promise.all([settings.reload(), review.reload()]);
    } catch (caught) {
      setError(caught);
    }
  }
  async function addEntry(event: FormEvent) {
    event.preventDefault();
    await act(async () => {
      await api('POST', `/api/workspaces/${workspaceId}/correlation/exclusions`, { matchType, value });
      setValue('');
    });
  }
  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    await act(async () => {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        json = null; // the server answers with its own, translated, reason
      }
      const imported = await api<{ name: string; size: number }>(
        'POST',
        `/api/workspaces/${workspaceId}/correlation/warninglists`,
        json,
      );
      setDone(t('hub.warninglistImported', imported));
    });
  }

  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/incidents`}>← {t('hub.queue')}</Link>
      </p>
      <h1>{t('hub.correlationSettings')}</h1>
      {settings.data && <p className="hint">{t('hub.overLimitHint', { limit: settings.data.overCorrelationLimit })}</p>}
      <ErrorAlert error={error ?? settings.error ?? review.error} />
      {done && <Notice>{done}</Notice>}

      <section aria-labelledby="review-title">
        <h2 id="review-title">{t('hub.reviewTitle')}</h2>
        {review.data?.length === 0 ? (
          <p>{t('hub.noReview')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('hub.type')}</th>
                <th scope="col">{t('hub.value')}</th>
                <th scope="col">{t('hub.incidentCount')}</th>
                <th scope="col">{t('hub.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {review.data?.map((o) => (
                <tr key={o.id}>
                  <td>{o.type}</td>
                  <td>
                    <Link to={`/workspaces/${workspaceId}/incidents?observable=${encodeURIComponent(o.value)}`}>
                      <code>{defang(o.value)}</code>
                    </Link>
                  </td>
                  <td>{o.incidentCount}</td>
                  <td>
                    <Group gap={4}>
                      <CorrelationDecision observable={o} act={act} />
                    </Group>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="lists-title">
        <h2 id="lists-title">{t('hub.exclusionLists')}</h2>
        <label className="field">
          {t('hub.importWarninglist')}{' '}
          <input type="file" accept="application/json,.json" onChange={(event) => void importFile(event)} />
        </label>
        {settings.data?.lists.map((list) => (
          <details key={`${list.kind}:${list.name}`} open={list.kind === 'workspace'}>
            <summary>
              {t(`hub.listKind.${list.kind}`)}: <strong>{list.name}</strong> ({list.size} {t('hub.entries')})
              {list.description && <span className="hint"> — {list.description}</span>}
            </summary>
            {list.kind === 'warninglist' && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() =>
                  void act(() =>
                    api(
                      'DELETE',
                      `/api/workspaces/${workspaceId}/correlation/warninglists/${encodeURIComponent(list.name)}`,
                    ),
                  )
                }
              >
                {t('hub.removeList')}
              </Button>
            )}
            <ul>
              {list.entries.map((entry) => (
                <li key={`${entry.matchType}:${entry.value}`}>
                  <code>{entry.matchType}</code> <code>{defang(entry.value)}</code>
                  {list.kind !== 'builtin' && entry.id && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      aria-label={`${t('hub.removeObservable')}: ${entry.value}`}
                      onClick={() => void act(() => api('DELETE', `/api/correlation/exclusions/${entry.id}`))}
                    >
                      ×
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {list.kind === 'workspace' && (
              <form className="inline-form" onSubmit={(event) => void addEntry(event)}>
                <Group align="end">
                  <SelectField
                    label={t('hub.matchType')}
                    value={matchType}
                    onChange={(e) => setMatchType(e.target.value as ExclusionMatchType)}
                  >
                    {EXCLUSION_MATCH_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {type}
                      </option>
                    ))}
                  </SelectField>
                  <TextField label={t('hub.value')} value={value} required onChange={(e) => setValue(e.target.value)} />
                  <Button type="submit" variant="default">
                    {t('hub.add')}
                  </Button>
                </Group>
              </form>
            )}
          </details>
        ))}
      </section>
    </>
  );
}
