/**
 * What an incident is known by: its observables (shown defanged, with where its reports carried
 * them and whether they link incidents — handlers curate them here) and the related incidents.
 */
import { Button, Group } from '@mantine/core';
import { OBSERVABLE_TYPES_FOR_INPUT, type IncidentDetail, type ObservableDto } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { ErrorAlert, SelectField, TextField } from '../../../components/ui.js';

/** Indicators are displayed defanged so that nobody opens a phishing site by accident. */
export function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
}

/** Why an observable links nothing, in the reader's language. */
export function ExclusionReason({ reason }: { reason: string | null | undefined }) {
  const { t } = useTranslation();
  if (!reason) return <span className="hint">{t('hub.correlates')}</span>;
  if (reason === 'not-evidence' || reason === 'ignored' || reason === 'over_limit')
    return <span className={reason === 'over_limit' ? 'warning' : 'hint'}>{t(`hub.excluded.${reason}`)}</span>;
  return (
    <span className="hint">
      {t('hub.excluded.list')}: {reason}
    </span>
  );
}

/**
 * A handler's decision on an observable for the workspace: not an indicator, back to automatic,
 * or (over the limit) reviewed and kept linking.
 */
export function CorrelationDecision({
  observable,
  act,
}: {
  observable: { id?: string | undefined; correlation?: string | undefined };
  act: (request: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const decide = (correlation: 'auto' | 'ignored' | 'kept') =>
    void act(() => api('PUT', `/api/observables/${observable.id}/correlation`, { correlation }));
  const choices: ('auto' | 'ignored' | 'kept')[] =
    observable.correlation === 'ignored' || observable.correlation === 'kept'
      ? ['auto']
      : observable.correlation === 'over_limit'
        ? ['ignored', 'kept']
        : ['ignored'];
  const label = { auto: 'hub.correlationAuto', ignored: 'hub.notIndicator', kept: 'hub.keepCorrelating' } as const;
  return (
    <>
      {choices.map((choice) => (
        <Button key={choice} size="compact-xs" variant="default" onClick={() => decide(choice)}>
          {t(label[choice])}
        </Button>
      ))}
    </>
  );
}

export function ObservablesTable({
  incidentId,
  observables,
  mayEdit,
  onChanged,
}: {
  incidentId: string;
  observables: ObservableDto[];
  mayEdit: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [type, setType] = useState<ObservableDto['type']>('url');
  const [value, setValue] = useState('');

  async function act(request: () => Promise<unknown>) {
    setError(undefined);
    try {
      await request();
      await onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  async function add(event: FormEvent) {
    event.preventDefault();
    await act(async () => {
      await api('POST', `/api/incidents/${incidentId}/observables`, { type, value });
      setValue('');
    });
  }

  return (
    <section aria-labelledby="observables-title">
      <h2 id="observables-title">{t('hub.observables')}</h2>
      <ErrorAlert error={error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('hub.type')}</th>
            <th scope="col">{t('hub.value')}</th>
            <th scope="col">{t('hub.sources')}</th>
            <th scope="col">{t('hub.correlation')}</th>
            {mayEdit && <th scope="col">{t('hub.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {observables.map((o) => (
            <tr key={`${o.type}:${o.value}`}>
              <td>{o.type}</td>
              <td>
                <code title={o.seen?.length ? `${t('hub.seenAs')}: ${o.seen.map(defang).join(' · ')}` : undefined}>
                  {defang(o.value)}
                </code>
              </td>
              <td>{(o.sources ?? []).map((source) => t(`hub.source.${source}`)).join(', ')}</td>
              <td>
                <ExclusionReason reason={o.excludedBy} />
              </td>
              {mayEdit && o.id && (
                <td>
                  <Group gap={4} wrap="nowrap">
                    <CorrelationDecision observable={o} act={act} />
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      aria-label={`${t('hub.removeObservable')}: ${defang(o.value)}`}
                      onClick={() => {
                        if (window.confirm(t('hub.removeObservableConfirm', { value: defang(o.value) })))
                          void act(() => api('DELETE', `/api/incidents/${incidentId}/observables/${o.id}`));
                      }}
                    >
                      ×
                    </Button>
                  </Group>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {mayEdit && (
        <form className="inline-form" onSubmit={(event) => void add(event)}>
          <Group align="end">
            <SelectField label={t('hub.type')} value={type} onChange={(e) => setType(e.target.value)}>
              {OBSERVABLE_TYPES_FOR_INPUT.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('hub.addObservable')}
              value={value}
              required
              onChange={(e) => setValue(e.target.value)}
            />
            <Button type="submit" variant="default">
              {t('hub.add')}
            </Button>
          </Group>
        </form>
      )}
    </section>
  );
}

export function RelatedIncidents({ related }: { related: IncidentDetail['related'] }) {
  const { t } = useTranslation();
  if (related.length === 0) return null;
  return (
    <section aria-labelledby="related-title">
      <h2 id="related-title">{t('hub.related')}</h2>
      <ul>
        {related.map((r) => (
          <li key={r.id}>
            <Link to={`/incidents/${r.id}`}>
              <code>{r.trackingNumber}</code> {r.title}
            </Link>{' '}
            — {t('hub.relatedReason')}: <code>{defang(r.reason)}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
