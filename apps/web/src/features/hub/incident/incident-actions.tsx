/** What a handler does from the incident page: add a note, write a message, merge. */
import { Button } from '@mantine/core';
import { TLP_LEVELS, type IncidentDetail, type Tlp } from '@renkei/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useNavigate } from 'react-router';
import { ErrorAlert, Notice, SelectField, TextArea, TextField } from '../../../components/ui.js';

function TlpSelect({ value, onChange }: { value: Tlp; onChange: (tlp: Tlp) => void }) {
  return (
    <SelectField label="TLP" value={value} onChange={(e) => onChange(e.target.value as Tlp)}>
      {TLP_LEVELS.map((level) => (
        <option key={level} value={level}>
          TLP:{level}
        </option>
      ))}
    </SelectField>
  );
}

export function NoteForm({ incidentId, onDone }: { incidentId: string; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/incidents/${incidentId}/notes`, { body, tlp });
      setBody('');
      await onDone();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-label={t('hub.addNote')}>
      <TextArea label={t('hub.note')} required rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      <div className="inline-form">
        <TlpSelect value={tlp} onChange={setTlp} />
        <Button variant="default" type="submit">
          {t('hub.addNote')}
        </Button>
      </div>
      <ErrorAlert error={error} />
    </form>
  );
}

/** The reply composer: to the reporter (when the role may see them) or anyone the handler names. */
export function ReplyComposer({
  incident,
  replyTo,
  onDone,
}: {
  incident: IncidentDetail;
  replyTo?: { reportId: string; email: string | null; subject: string } | undefined;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [to, setTo] = useState(replyTo?.email ?? '');
  const [subject, setSubject] = useState(
    replyTo ? `Re: ${replyTo.subject.replace(/^(re:\s*)+/i, '')}` : incident.title,
  );
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSent(false);
    try {
      const recipients = to.split(/[,\s]+/).filter(Boolean);
      await api('POST', `/api/incidents/${incident.id}/messages`, {
        to: recipients,
        subject,
        body,
        tlp,
        ...(replyTo ? { inReplyToReportId: replyTo.reportId } : {}),
      });
      setBody('');
      setSent(true);
      await onDone();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-label={t('hub.composer')}>
      <h3>{t('hub.composer')}</h3>
      <p className="hint">{t('hub.composerHint', { tracking: incident.trackingNumber })}</p>
      <TextField label={t('hub.to')} required value={to} onChange={(e) => setTo(e.target.value)} />
      <TextField label={t('hub.subject')} required value={subject} onChange={(e) => setSubject(e.target.value)} />
      <TextArea label={t('hub.messageBody')} required rows={8} value={body} onChange={(e) => setBody(e.target.value)} />
      <div className="inline-form">
        <TlpSelect value={tlp} onChange={setTlp} />
        <Button type="submit">{t('hub.send')}</Button>
      </div>
      <ErrorAlert error={error} />
      {sent && <Notice>{t('hub.queuedForSending')}</Notice>}
    </form>
  );
}

export function MergeForm({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [target, setTarget] = useState('');
  const [error, setError] = useState<unknown>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (!window.confirm(t('hub.mergeConfirm', { source: incident.trackingNumber, target }))) return;
    try {
      const merged = await api<IncidentDetail>('POST', `/api/incidents/${incident.id}/merge`, {
        targetId: target.trim(),
      });
      void navigate(`/incidents/${merged.id}`);
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} aria-label={t('hub.merge')}>
      <TextField
        label={t('hub.mergeInto')}
        required
        placeholder="RK-2026-000123"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        list="related-incidents"
      />
      <datalist id="related-incidents">
        {incident.related.map((related) => (
          <option key={related.id} value={related.trackingNumber}>
            {related.title}
          </option>
        ))}
      </datalist>
      <Button variant="default" type="submit">
        {t('hub.merge')}
      </Button>
      <ErrorAlert error={error} />
    </form>
  );
}
