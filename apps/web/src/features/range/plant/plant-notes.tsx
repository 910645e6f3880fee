/**
 * Shift log, work orders, alarm comments and equipment notes of a plant: what operators write and
 * the operator assistant reads. Shown as plain text (React escapes it): a note may carry an
 * injection attempt, and it must never become markup.
 */
import { Button } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TextArea, TextField } from '../../../components/ui.js';

const NOTE_KINDS = ['shift_log', 'work_order', 'alarm_comment', 'equipment_note'] as const;

interface PlantNote {
  id: string;
  kind: (typeof NOTE_KINDS)[number];
  subject: string;
  body: string;
  authorName: string | null;
  source: string;
  simTimeS: number;
  createdAt: string;
}

export function PlantNotes({ plantId, canWrite }: { plantId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const notes = useQuery<PlantNote[]>(`/api/plants/${plantId}/notes`);
  const [kind, setKind] = useState<(typeof NOTE_KINDS)[number]>('shift_log');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>();

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', `/api/plants/${plantId}/notes`, { kind, subject, body });
      setSubject('');
      setBody('');
      await notes.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="notes-title" className="card">
      <h2 id="notes-title">{t('range.notes')}</h2>
      <ErrorAlert error={error ?? notes.error} />
      {canWrite && (
        <form onSubmit={(event) => void add(event)}>
          <SelectField
            label={t('range.noteKind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as (typeof NOTE_KINDS)[number])}
          >
            {NOTE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`range.note_${k}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('range.noteSubject')}
            required
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
          />
          <TextArea label={t('range.noteBody')} required value={body} onChange={(e) => setBody(e.target.value)} />
          <Button type="submit">{t('range.addNote')}</Button>
        </form>
      )}
      {notes.data?.length === 0 && <p>{t('range.noNotes')}</p>}
      <ul className="notices">
        {notes.data?.map((note) => (
          <li key={note.id}>
            <strong>
              [{t(`range.note_${note.kind}`)}] {note.subject}
            </strong>{' '}
            <small>
              {note.authorName ?? '—'} · {t('range.noteSource')}: {note.source} · {Math.round(note.simTimeS)} s
            </small>
            <p className="notice-body">{note.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
