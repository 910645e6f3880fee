/**
 * The outbox: every message Renkei sent or tried to send for the workspace (acknowledgements,
 * replies), with its delivery state and, when it failed, why; a failed one can be sent again.
 */
import { Button } from '@mantine/core';
import { DELIVERY_STATUSES, type OutboundMessageDto } from '@renkei/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TlpBadge } from '../../../components/ui.js';
import { useDateTime } from '../../../i18n/date-time.js';

export function OutboxPage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const messages = useQuery<OutboundMessageDto[]>(
    `/api/workspaces/${workspaceId}/outbox${status ? `?status=${status}` : ''}`,
  );
  const formatTime = useDateTime();
  const [error, setError] = useState<unknown>();

  async function retry(id: string) {
    setError(undefined);
    try {
      await api('POST', `/api/outbound-messages/${id}/retry`);
      await messages.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <p>
        <Link to={`/workspaces/${workspaceId}/incidents`}>← {t('hub.queue')}</Link>
      </p>
      <h1>{t('hub.outbox')}</h1>
      <SelectField label={t('hub.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
        <option value="">{t('hub.allStatuses')}</option>
        {DELIVERY_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`hub.delivery.${s}`)}
          </option>
        ))}
      </SelectField>
      <ErrorAlert error={error ?? messages.error} />
      {messages.data?.length === 0 && <p>{t('hub.outboxEmpty')}</p>}
      {messages.data && messages.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('hub.createdAt')}</th>
              <th scope="col">{t('hub.purpose')}</th>
              <th scope="col">{t('hub.recipients')}</th>
              <th scope="col">{t('hub.subject')}</th>
              <th scope="col">TLP</th>
              <th scope="col">{t('hub.status')}</th>
              <th scope="col">{t('hub.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {messages.data.map((message) => (
              <tr key={message.id}>
                <td>{formatTime(message.createdAt)}</td>
                <td>{t(`hub.messagePurpose.${message.purpose}`, { defaultValue: message.purpose })}</td>
                <td>{message.recipients ? message.recipients.join(', ') : t('hub.hidden')}</td>
                <td>
                  {message.ownerType === 'incident' ? (
                    <Link to={`/incidents/${message.ownerId}`}>{message.subject}</Link>
                  ) : (
                    message.subject
                  )}
                </td>
                <td>
                  <TlpBadge tlp={message.tlp} />
                </td>
                <td>
                  <strong className={message.status === 'failed' ? 'overdue' : undefined}>
                    {t(`hub.delivery.${message.status}`)}
                  </strong>
                  {message.status === 'sent' && message.sentAt && <> · {formatTime(message.sentAt)}</>}
                  {message.lastError && (
                    <div className="hint">
                      {t('hub.deliveryError')}: {message.lastError}
                    </div>
                  )}
                </td>
                <td>
                  {message.status === 'failed' && (
                    <Button size="compact-xs" variant="default" onClick={() => void retry(message.id)}>
                      {t('hub.retry')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
