/** The triage panel of an incident: status, priority, classification, TLP, assignee and tags. */
import { Button } from '@mantine/core';
import {
  INCIDENT_STATUSES,
  PRIORITIES,
  RSIT_TYPE_LIST,
  SECTORS,
  STATUS_TRANSITIONS,
  TLP_LEVELS,
  type Assignee,
  type IncidentDetail,
  type UpdateIncidentInput,
} from '@renkei/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, Notice, SelectField, TextField } from '../../../components/ui.js';

export function TriageForm({ incident, onSaved }: { incident: IncidentDetail; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<UpdateIncidentInput & { tagsText: string }>({ tagsText: '' });
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const assignees = useQuery<Assignee[]>(`/api/workspaces/${incident.workspaceId}/assignees`);

  useEffect(() => {
    setForm({
      status: incident.status,
      priority: incident.priority,
      rsitType: incident.rsitType,
      sector: incident.sector,
      isIcs: incident.isIcs,
      isTargeted: incident.isTargeted,
      tlp: incident.tlp,
      assigneeId: incident.assigneeId,
      tagsText: incident.tags.join(', '),
    });
  }, [incident]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    const { tagsText, ...changes } = form;
    try {
      await api('PATCH', `/api/incidents/${incident.id}`, {
        ...changes,
        tags: tagsText
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      });
      setMessage(t('common.saved'));
      await onSaved();
    } catch (caught) {
      setError(caught);
    }
  }

  const allowedStatuses = [incident.status, ...STATUS_TRANSITIONS[incident.status]];
  return (
    <form className="card triage" onSubmit={(event) => void save(event)} aria-labelledby="triage-title">
      <h2 id="triage-title">{t('hub.triage')}</h2>
      <div className="inline-form">
        <SelectField
          label={t('hub.status')}
          value={form.status}
          onChange={(e) => setForm({ ...form, status: e.target.value as IncidentDetail['status'] })}
        >
          {INCIDENT_STATUSES.filter((s) => allowedStatuses.includes(s)).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('hub.priority')}
          value={form.priority}
          onChange={(e) => setForm({ ...form, priority: e.target.value as IncidentDetail['priority'] })}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('hub.rsitType')}
          value={form.rsitType ?? ''}
          onChange={(e) => setForm({ ...form, rsitType: (e.target.value || null) as IncidentDetail['rsitType'] })}
        >
          <option value="">—</option>
          {RSIT_TYPE_LIST.map((type) => (
            <option key={type} value={type}>
              {t(`hub.rsit.${type}`)} ({type})
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('hub.sector')}
          value={form.sector ?? ''}
          onChange={(e) => setForm({ ...form, sector: (e.target.value || null) as IncidentDetail['sector'] })}
        >
          <option value="">—</option>
          {SECTORS.map((sector) => (
            <option key={sector} value={sector}>
              {t(`sector.${sector}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('hub.assignee')}
          value={form.assigneeId ?? ''}
          onChange={(e) => setForm({ ...form, assigneeId: e.target.value || null })}
        >
          <option value="">{t('hub.unassigned')}</option>
          {(assignees.data ?? []).map((assignee) => (
            <option key={assignee.id} value={assignee.id}>
              {assignee.displayName} ({assignee.username})
            </option>
          ))}
        </SelectField>
        <SelectField
          label="TLP"
          value={form.tlp}
          onChange={(e) => setForm({ ...form, tlp: e.target.value as IncidentDetail['tlp'] })}
        >
          {TLP_LEVELS.map((level) => (
            <option key={level} value={level}>
              TLP:{level}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="inline-form">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.isIcs ?? false}
            onChange={(e) => setForm({ ...form, isIcs: e.target.checked })}
          />{' '}
          {t('hub.isIcs')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.isTargeted ?? false}
            onChange={(e) => setForm({ ...form, isTargeted: e.target.checked })}
          />{' '}
          {t('hub.isTargeted')}
        </label>
        <TextField
          label={t('hub.tags')}
          value={form.tagsText}
          onChange={(e) => setForm({ ...form, tagsText: e.target.value })}
        />
        <Button type="submit">{t('hub.save')}</Button>
      </div>
      <ErrorAlert error={error} />
      {message && <Notice>{message}</Notice>}
    </form>
  );
}
