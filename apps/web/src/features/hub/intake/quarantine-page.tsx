/** Quarantined inbound mail: the reason, and release or delete. */
import { Button } from '@mantine/core';
import type { QuarantineReason } from '@renkei/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert } from '../../../components/ui.js';
import { useDateTime } from '../../../i18n/date-time.js';

interface QuarantineEntry {
  id: string;
  source: string;
  size: number;
  envelope_from: string | null;
  reason: string | null;
  reason_code: QuarantineReason;
  received_at: string;
  raw_sha256: string;
}

export function QuarantinePage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const entries = useQuery<QuarantineEntry[]>(`/api/workspaces/${workspaceId}/quarantine`);
  const formatTime = useDateTime();
  const [error, setError] = useState<unknown>();

  async function act(method: 'POST' | 'DELETE', url: string) {
    setError(undefined);
    try {
      await api(method, url);
      await entries.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/incidents`}>← {t('hub.queue')}</Link>
      </p>
      <h1>{t('hub.quarantine')}</h1>
      <ErrorAlert error={error ?? entries.error} />
      {entries.data?.length === 0 && <p>{t('hub.noQuarantine')}</p>}
      {entries.data && entries.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('hub.receivedAt')}</th>
              <th scope="col">{t('hub.from')}</th>
              <th scope="col">{t('hub.size')}</th>
              <th scope="col">{t('hub.reason')}</th>
              <th scope="col">SHA-256</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.data.map((entry) => (
              <tr key={entry.id}>
                <td>{formatTime(entry.received_at)}</td>
                <td>{entry.envelope_from ?? '—'}</td>
                <td>{entry.size.toLocaleString()}</td>
                <td title={entry.reason ?? undefined}>{t(`hub.quarantineReason.${entry.reason_code}`)}</td>
                <td>
                  <code>{entry.raw_sha256.slice(0, 16)}…</code>
                </td>
                <td className="actions">
                  <Button
                    variant="default"
                    type="button"
                    onClick={() => void act('POST', `/api/quarantine/${entry.id}/release`)}
                  >
                    {t('hub.release')}
                  </Button>
                  <Button
                    variant="default"
                    type="button"
                    onClick={() => void act('DELETE', `/api/quarantine/${entry.id}`)}
                  >
                    {t('hub.delete')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
