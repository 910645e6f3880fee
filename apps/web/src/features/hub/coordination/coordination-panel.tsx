/**
 * The coordination panel of an incident page: one thread per counterparty (status, due date,
 * messages and their protection, replies), whom the resolver proposes and why, a preview of
 * exactly what leaves before anything is sent, and the takedown monitor with days to takedown.
 */
import { Button, Checkbox } from '@mantine/core';
import {
  CONTENT_CATEGORIES,
  PARTY_ROLES,
  REQUEST_KINDS,
  TLP_LEVELS,
  type CoordinationPanel as Panel,
  type CoordinationProposals,
  type CoordinationThread,
  type IncidentDetail,
  type PartyProposal,
  type ThreadPreview,
  type Tlp,
} from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TextArea, TextField, TlpBadge } from '../../../components/ui.js';
import { dateTimeFormat } from '../../../i18n/date-time.js';

export function CoordinationPanel({ incident, mayEdit }: { incident: IncidentDetail; mayEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const panel = useQuery<Panel>(`/api/incidents/${incident.id}/coordination`);
  const [proposals, setProposals] = useState<CoordinationProposals>();
  const [preview, setPreview] = useState<{ threadId: string; preview: ThreadPreview }>();
  const [error, setError] = useState<unknown>();
  const when = dateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  async function act(run: () => Promise<unknown>) {
    setError(undefined);
    try {
      await run();
      await panel.reload();
    } catch (caught) {
      setError(caught);
    }
  }
  const loadProposals = () =>
    act(async () =>
      setProposals(await api<CoordinationProposals>('GET', `/api/incidents/${incident.id}/coordination/proposals`)),
    );
  const plan = (observable: string, party: PartyProposal) =>
    act(() =>
      api('POST', `/api/incidents/${incident.id}/coordination/threads`, {
        role: party.role,
        request: CONTENT_CATEGORIES.includes(incident.category) ? 'takedown' : 'notification',
        organisationId: party.organisationId,
        partyName: party.name,
        recipients: party.emails.slice(0, 5),
        tlp: incident.tlp,
        target: observable,
        evidence: party.evidence,
      }),
    );
  const showPreview = (threadId: string) =>
    act(async () =>
      setPreview({
        threadId,
        preview: await api<ThreadPreview>('GET', `/api/coordination/threads/${threadId}/preview`),
      }),
    );
  const send = (threadId: string) => {
    if (!window.confirm(t('coordination.panel.sendConfirm'))) return Promise.resolve();
    return act(async () => {
      await api('POST', `/api/coordination/threads/${threadId}/send`);
      setPreview(undefined);
    });
  };
  const setStatus = (threadId: string, status: string) =>
    act(() => api('POST', `/api/coordination/threads/${threadId}/status`, { status }));

  const data = panel.data;
  return (
    <section aria-labelledby="coordination-title">
      <h2 id="coordination-title">{t('coordination.panel.title')}</h2>
      <ErrorAlert error={error ?? panel.error} />
      {data?.nextFollowUpAt && (
        <p>
          {t('coordination.panel.nextFollowUp')}:{' '}
          <time dateTime={data.nextFollowUpAt}>{when.format(new Date(data.nextFollowUpAt))}</time>
        </p>
      )}
      {data && data.threads.length === 0 && <p>{t('coordination.panel.noThreads')}</p>}
      {data && data.threads.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('coordination.party')}</th>
              <th scope="col">{t('coordination.panel.request')}</th>
              <th scope="col">{t('coordination.panel.status')}</th>
              <th scope="col">{t('coordination.panel.due')}</th>
              <th scope="col">{t('coordination.panel.messages')}</th>
              <th scope="col">{t('coordination.panel.replies')}</th>
              {mayEdit && <th scope="col">{t('coordination.panel.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {data.threads.map((thread) => (
              <ThreadRow
                key={thread.id}
                thread={thread}
                when={when}
                mayEdit={mayEdit}
                onPreview={() => void showPreview(thread.id)}
                onSend={() => void send(thread.id)}
                onStatus={(status) => void setStatus(thread.id, status)}
              />
            ))}
          </tbody>
        </table>
      )}
      {preview && (
        <PreviewBox
          preview={preview.preview}
          mayEdit={mayEdit}
          onSend={() => void send(preview.threadId)}
          onClose={() => setPreview(undefined)}
        />
      )}
      {mayEdit && (
        <>
          <h3>{t('coordination.parties')}</h3>
          <Button variant="default" onClick={() => void loadProposals()}>
            {t('coordination.panel.propose')}
          </Button>
          {proposals?.map((proposal) => (
            <div key={proposal.observable}>
              <h4>
                <code>{proposal.observable}</code>
              </h4>
              <ul>
                {proposal.resolution.parties.map((party, index) => (
                  <li key={index}>
                    {t(`coordination.roles.${party.role}`)}: <strong>{party.name}</strong> (
                    {party.emails.join(', ') || t('coordination.withoutContact')}) — {party.reason} [
                    {t(`coordination.confidences.${party.confidence}`)}]{' '}
                    {party.emails.length > 0 && (
                      <Button size="compact-xs" onClick={() => void plan(proposal.observable, party)}>
                        {t('coordination.panel.plan')}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <NewThreadForm incident={incident} onCreated={() => void panel.reload()} />
        </>
      )}
      <TakedownTargets incidentId={incident.id} panel={data} mayEdit={mayEdit} onChanged={() => void panel.reload()} />
    </section>
  );
}

function ThreadRow({
  thread,
  when,
  mayEdit,
  onPreview,
  onSend,
  onStatus,
}: {
  thread: CoordinationThread;
  when: Intl.DateTimeFormat;
  mayEdit: boolean;
  onPreview: () => void;
  onSend: () => void;
  onStatus: (status: string) => void;
}) {
  const { t } = useTranslation();
  const next: Record<string, string[]> = {
    planned: ['cancelled'],
    sent: ['acknowledged', 'action_taken', 'resolved', 'cancelled'],
    no_response: ['acknowledged', 'action_taken', 'resolved', 'cancelled'],
    acknowledged: ['action_taken', 'resolved', 'cancelled'],
    action_taken: ['resolved'],
  };
  return (
    <tr>
      <td>
        <strong>{thread.partyName}</strong>
        <br />
        {t(`coordination.roles.${thread.role}`)} · {thread.language.toUpperCase()} · <TlpBadge tlp={thread.tlp} />
        {thread.recipients && (
          <>
            <br />
            <small>{thread.recipients.join(', ')}</small>
          </>
        )}
        {thread.escalatedFrom && (
          <>
            <br />
            <small>{t('coordination.panel.escalation')}</small>
          </>
        )}
      </td>
      <td>{t(`coordination.panel.requests.${thread.request}`)}</td>
      <td>{t(`coordination.panel.statuses.${thread.status}`)}</td>
      <td>
        {thread.dueAt ? <time dateTime={thread.dueAt}>{when.format(new Date(thread.dueAt))}</time> : '—'}
        {thread.remindersSent > 0 && (
          <>
            <br />
            <small>{t('coordination.panel.reminders', { count: thread.remindersSent })}</small>
          </>
        )}
      </td>
      <td>
        {thread.messages.map((message) => (
          <div key={message.id}>
            {t(`coordination.panel.kinds.${message.kind}`)} · {t(`hub.delivery_${message.delivery ?? 'queued'}`)}
            {message.protection && message.protection !== 'none' && ` · 🔒 ${message.protection}`}
            {message.bounces.map((bounce, index) => (
              <div key={index} role="note">
                ⚠ {t('coordination.panel.bounced')}: {bounce.recipient ?? '—'} {bounce.status ?? ''}{' '}
                <small>{bounce.diagnostic}</small>
              </div>
            ))}
          </div>
        ))}
      </td>
      <td>{thread.replies.length}</td>
      {mayEdit && (
        <td>
          {thread.status === 'planned' && (
            <>
              <Button size="compact-xs" variant="default" onClick={onPreview}>
                {t('coordination.preview')}
              </Button>{' '}
              <Button size="compact-xs" onClick={onSend}>
                {t('coordination.panel.send')}
              </Button>{' '}
            </>
          )}
          {(next[thread.status] ?? []).map((status) => (
            <Button key={status} size="compact-xs" variant="subtle" onClick={() => onStatus(status)}>
              {t(`coordination.panel.statuses.${status}`)}
            </Button>
          ))}
        </td>
      )}
    </tr>
  );
}

function PreviewBox({
  preview,
  mayEdit,
  onSend,
  onClose,
}: {
  preview: ThreadPreview;
  mayEdit: boolean;
  onSend: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="preview" role="region" aria-label={t('coordination.preview')}>
      <h3>{t('coordination.preview')}</h3>
      <p>
        {t('coordination.recipients')}: {preview.recipients.join(', ')} (
        {t(`coordination.panel.recipientKinds.${preview.recipientKind}`)}) · <TlpBadge tlp={preview.tlp} /> ·{' '}
        {t(`coordination.panel.protections.${preview.protection}`)}
      </p>
      {preview.redactions.length > 0 && (
        <p>
          {t('coordination.panel.redacted')}:{' '}
          {preview.redactions.map((r) => `${t(`coordination.panel.identity.${r.kind}`)} × ${r.count}`).join(', ')}
        </p>
      )}
      {preview.problems.length > 0 && (
        <ul role="alert">
          {preview.problems.map((problem) => (
            <li key={problem.code}>{problem.message}</li>
          ))}
        </ul>
      )}
      <p>
        <strong>{preview.subject}</strong>
      </p>
      <pre className="report-body">{preview.text}</pre>
      {mayEdit && preview.problems.length === 0 && (
        <Button onClick={onSend}>{t('coordination.panel.send')}</Button>
      )}{' '}
      <Button variant="default" onClick={onClose}>
        {t('coordination.panel.close')}
      </Button>
    </div>
  );
}

function NewThreadForm({ incident, onCreated }: { incident: IncidentDetail; onCreated: () => void }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<string>('hosting_provider');
  const [request, setRequest] = useState<string>('takedown');
  const [partyName, setPartyName] = useState('');
  const [recipients, setRecipients] = useState('');
  const [tlp, setTlp] = useState<Tlp>(incident.tlp);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/incidents/${incident.id}/coordination/threads`, {
        role,
        request,
        partyName,
        recipients: recipients
          .split(/[,\s]+/)
          .map((address) => address.trim())
          .filter(Boolean),
        tlp,
        target: target || null,
        note: note || null,
        victimConsent: consent,
      });
      setPartyName('');
      setRecipients('');
      setNote('');
      onCreated();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form onSubmit={(event) => void submit(event)}>
      <h3>{t('coordination.panel.newThread')}</h3>
      <SelectField label={t('coordination.role')} value={role} onChange={(e) => setRole(e.target.value)}>
        {PARTY_ROLES.map((value) => (
          <option key={value} value={value}>
            {t(`coordination.roles.${value}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('coordination.panel.request')} value={request} onChange={(e) => setRequest(e.target.value)}>
        {REQUEST_KINDS.map((value) => (
          <option key={value} value={value}>
            {t(`coordination.panel.requests.${value}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('coordination.party')}
        value={partyName}
        onChange={(e) => setPartyName(e.target.value)}
        required
      />
      <TextField
        label={t('coordination.recipients')}
        value={recipients}
        onChange={(e) => setRecipients(e.target.value)}
        required
      />
      <SelectField label="TLP" value={tlp} onChange={(e) => setTlp(e.target.value as Tlp)}>
        {TLP_LEVELS.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </SelectField>
      <TextField label={t('coordination.panel.target')} value={target} onChange={(e) => setTarget(e.target.value)} />
      <TextArea label={t('coordination.panel.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      <Checkbox
        label={t('coordination.panel.victimConsent')}
        checked={consent}
        onChange={(e) => setConsent(e.currentTarget.checked)}
      />
      <ErrorAlert error={error} />
      <Button type="submit">{t('coordination.panel.plan')}</Button>
    </form>
  );
}

function TakedownTargets({
  incidentId,
  panel,
  mayEdit,
  onChanged,
}: {
  incidentId: string;
  panel: Panel | undefined;
  mayEdit: boolean;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [url, setUrl] = useState('');
  const [error, setError] = useState<unknown>();
  const when = dateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  async function add(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/incidents/${incidentId}/takedown-targets`, { url });
      setUrl('');
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  async function check(id: string) {
    setError(undefined);
    try {
      await api('POST', `/api/takedown-targets/${id}/check`);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <>
      <h3>{t('coordination.panel.takedown')}</h3>
      {panel && panel.targets.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">{t('coordination.panel.state')}</th>
              <th scope="col">{t('coordination.panel.lastCheck')}</th>
              <th scope="col">{t('coordination.panel.daysToTakedown')}</th>
              {mayEdit && <th scope="col">{t('coordination.panel.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {panel.targets.map((target) => (
              <tr key={target.id}>
                <td>
                  <code>{target.url.replace(/^http/i, 'hxxp').replace(/\./g, '[.]')}</code>
                </td>
                <td>
                  {t(`coordination.panel.states.${target.state}`)}
                  {target.contentChanged && ` · ${t('coordination.panel.contentChanged')}`}
                </td>
                <td>
                  {target.lastCheckedAt ? when.format(new Date(target.lastCheckedAt)) : '—'}
                  {target.lastStatus !== null && ` · HTTP ${target.lastStatus}`}
                  {target.lastError && (
                    <>
                      <br />
                      <small>{target.lastError}</small>
                    </>
                  )}
                </td>
                <td>{target.daysToTakedown ?? '—'}</td>
                {mayEdit && (
                  <td>
                    <Button size="compact-xs" variant="default" onClick={() => void check(target.id)}>
                      {t('coordination.panel.checkNow')}
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayEdit && (
        <form onSubmit={(event) => void add(event)}>
          <TextField
            label={t('coordination.panel.watchUrl')}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            required
          />
          <ErrorAlert error={error} />
          <Button type="submit">{t('coordination.panel.watch')}</Button>
        </form>
      )}
    </>
  );
}
