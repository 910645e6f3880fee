/**
 * The plant assistant beside the HMI: ask, read the answer with its cited sources, see the agent's
 * tool calls (executed, blocked, waiting) and what each defence did; approve or reject what waits.
 */
import { Badge, Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, TextArea } from '../../../components/ui.js';

interface Reply {
  answer: string;
  citations: { label: string; origin: string; isSigned: boolean }[];
  toolCalls: {
    name: string;
    arguments: Record<string, unknown>;
    status: 'executed' | 'blocked' | 'pending';
    result: string;
  }[];
  defenceActions: { defence: string; action: string; detail?: string }[];
}

interface Approval {
  id: string;
  tool: string;
  arguments: Record<string, unknown>;
  status: string;
  result: string | null;
}

export function AssistantChat({ plantId }: { plantId: string }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [turns, setTurns] = useState<{ question: string; reply: Reply }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const approvals = useQuery<Approval[]>(`/api/plants/${plantId}/assistant/approvals`);

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const reply = await api<Reply>('POST', `/api/plants/${plantId}/assistant/chat`, { message });
      setTurns((earlier) => [...earlier, { question: message, reply }]);
      setMessage('');
      await approvals.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function decide(id: string, decision: 'approve' | 'reject') {
    setError(undefined);
    try {
      await api('POST', `/api/plants/${plantId}/assistant/approvals/${id}`, { decision });
      await approvals.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  const pending = approvals.data?.filter((approval) => approval.status === 'pending') ?? [];
  return (
    <section aria-labelledby="assistant-title" className="card">
      <h2 id="assistant-title">{t('assistant.title')}</h2>
      <ol className="chat" aria-live="polite">
        {turns.map((turn, index) => (
          <li key={index}>
            <p>
              <strong>{t('assistant.you')}:</strong> {turn.question}
            </p>
            <p>
              <strong>{t('assistant.answer')}:</strong> {turn.reply.answer}
            </p>
            {turn.reply.citations.length > 0 && (
              <p>
                {t('assistant.sources')}:{' '}
                {turn.reply.citations.map((citation) => (
                  <Badge key={citation.label} variant="light" color={citation.isSigned ? 'green' : 'orange'} mr={4}>
                    {citation.label} · {citation.isSigned ? t('assistant.signed') : t('assistant.unsigned')}
                  </Badge>
                ))}
              </p>
            )}
            {turn.reply.toolCalls.length > 0 && (
              <ul aria-label={t('assistant.toolCalls')}>
                {turn.reply.toolCalls.map((call, callIndex) => (
                  <li key={callIndex}>
                    <code>
                      {call.name}({JSON.stringify(call.arguments)})
                    </code>{' '}
                    <Badge color={call.status === 'executed' ? 'red' : call.status === 'blocked' ? 'green' : 'yellow'}>
                      {t(`assistant.status_${call.status}`)}
                    </Badge>{' '}
                    {call.result}
                  </li>
                ))}
              </ul>
            )}
            {turn.reply.defenceActions.length > 0 && (
              <ul aria-label={t('assistant.defenceActions')}>
                {turn.reply.defenceActions.map((action, actionIndex) => (
                  <li key={actionIndex}>
                    {t(`assistant.defence_${action.defence}`)}: {action.action}
                    {action.detail ? ` (${action.detail})` : ''}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <form onSubmit={(event) => void send(event)}>
        <TextArea label={t('assistant.ask')} required value={message} onChange={(e) => setMessage(e.target.value)} />
        <Button type="submit" loading={busy}>
          {t('assistant.send')}
        </Button>
      </form>
      <ErrorAlert error={error ?? approvals.error} />
      <h3>{t('assistant.approvals')}</h3>
      {pending.length === 0 && <p>{t('assistant.noApprovals')}</p>}
      <ul>
        {pending.map((approval) => (
          <li key={approval.id}>
            <code>
              {approval.tool}({JSON.stringify(approval.arguments)})
            </code>{' '}
            <Button size="xs" color="red" onClick={() => void decide(approval.id, 'approve')}>
              {t('assistant.approve')}
            </Button>{' '}
            <Button size="xs" variant="default" onClick={() => void decide(approval.id, 'reject')}>
              {t('assistant.reject')}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
