/** What an incident is known by: its observables (shown defanged) and the incidents related to it. */
import type { IncidentDetail } from '@renkei/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from '../../../app/router.js';

/** Indicators are displayed defanged so that nobody opens a phishing site by accident. */
export function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
}

export function ObservablesTable({ observables }: { observables: IncidentDetail['observables'] }) {
  const { t } = useTranslation();
  return (
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
          {observables.map((o) => (
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
