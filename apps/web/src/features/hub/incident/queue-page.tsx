/**
 * The handler's queue: filters (status, category, TLP, assignee, dates, observable, full text),
 * saved views, sort, keyboard navigation (j/k/Enter), bulk status changes, and manual entry of
 * phoned or faxed reports with the scanned page attached.
 */
import {
  INCIDENT_STATUSES,
  NATIONAL_CATEGORIES,
  TLP_LEVELS,
  type Assignee,
  type IncidentStatus,
  type IncidentSummary,
  type SavedView,
} from '@renkei/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useNavigate } from 'react-router';
import { Link } from '../../../app/router.js';
import { useQuery } from '../../../app/use-query.js';
import { QueueTable } from './queue-table.js';
import { ErrorAlert, SelectField, TextArea, TextField } from '../../../components/ui.js';

const FILTER_KEYS = ['status', 'category', 'tlp', 'assigneeId', 'from', 'to', 'observable', 'q'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number] | 'sort', string>;
const NO_FILTERS: Filters = {
  status: '',
  category: '',
  tlp: '',
  assigneeId: '',
  from: '',
  to: '',
  observable: '',
  q: '',
  sort: 'updated',
};

/** A file as base64, for the JSON API (scanned pages are small enough). */
async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function QueuePage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState(filters);
  const views = useQuery<SavedView[]>(`/api/workspaces/${workspaceId}/saved-views`);
  const assignees = useQuery<Assignee[]>(`/api/workspaces/${workspaceId}/assignees`);
  const [viewName, setViewName] = useState('');
  const query = useMemo(() => {
    const params = new URLSearchParams({ limit: '200', sort: applied.sort });
    for (const key of FILTER_KEYS)
      if (applied[key]) params.set(key, key === 'to' ? `${applied[key]}T23:59:59.999Z` : applied[key]);
    return `/api/workspaces/${workspaceId}/incidents?${params.toString()}`;
  }, [workspaceId, applied]);
  const incidents = useQuery<IncidentSummary[]>(query);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkStatus, setBulkStatus] = useState<IncidentStatus>('triage');
  const [error, setError] = useState<unknown>();
  const [manual, setManual] = useState({ subject: '', body: '', reporterName: '', reporterEmail: '' });
  const [isManualOpen, setIsManualOpen] = useState(false);
  const [manualFiles, setManualFiles] = useState<File[]>([]);
  const rows = incidents.data ?? [];

  async function applyBulk() {
    setError(undefined);
    try {
      for (const id of selected) await api('PATCH', `/api/incidents/${id}`, { status: bulkStatus });
      setSelected(new Set());
      await incidents.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function enterReport(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const filed = await api<{ incidentId: string }>('POST', `/api/workspaces/${workspaceId}/reports`, {
        channel: 'manual',
        subject: manual.subject,
        body: manual.body,
        ...(manual.reporterName ? { reporterName: manual.reporterName } : {}),
        ...(manual.reporterEmail ? { reporterEmail: manual.reporterEmail } : {}),
        ...(manualFiles.length
          ? {
              attachments: await Promise.all(
                manualFiles.map(async (file) => ({
                  filename: file.name,
                  contentType: file.type || 'application/octet-stream',
                  contentBase64: await toBase64(file),
                })),
              ),
            }
          : {}),
      });
      void navigate(`/incidents/${filed.incidentId}`);
    } catch (caught) {
      setError(caught);
    }
  }

  async function saveView() {
    setError(undefined);
    try {
      const query = Object.fromEntries(Object.entries(applied).filter(([, value]) => value !== ''));
      await api('POST', `/api/workspaces/${workspaceId}/saved-views`, { name: viewName, query });
      setViewName('');
      await views.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function deleteView(id: string) {
    setError(undefined);
    try {
      await api('DELETE', `/api/saved-views/${id}`);
      await views.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <h1>{t('hub.queue')}</h1>
      <p>
        <Link to={`/workspaces/${workspaceId}/quarantine`}>{t('hub.quarantine')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/keys`}>{t('hub.keys')}</Link> ·{' '}
        <Link to="/report">{t('hub.reportForm')}</Link>
      </p>
      <form
        className="inline-form card"
        aria-label={t('hub.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        <SelectField
          label={t('hub.status')}
          value={filters.status}
          onChange={(e) => setFilters({ ...filters, status: e.target.value })}
        >
          <option value="">{t('hub.allStatuses')}</option>
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('hub.category')}
          value={filters.category}
          onChange={(e) => setFilters({ ...filters, category: e.target.value })}
        >
          <option value="">{t('hub.allCategories')}</option>
          {NATIONAL_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label="TLP" value={filters.tlp} onChange={(e) => setFilters({ ...filters, tlp: e.target.value })}>
          <option value="">—</option>
          {TLP_LEVELS.map((level) => (
            <option key={level} value={level}>
              TLP:{level}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('hub.assignee')}
          value={filters.assigneeId}
          onChange={(e) => setFilters({ ...filters, assigneeId: e.target.value })}
        >
          <option value="">{t('hub.allAssignees')}</option>
          {(assignees.data ?? []).map((assignee) => (
            <option key={assignee.id} value={assignee.id}>
              {assignee.displayName}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('hub.dateFrom')}
          type="date"
          value={filters.from}
          onChange={(e) => setFilters({ ...filters, from: e.target.value })}
        />
        <TextField
          label={t('hub.dateTo')}
          type="date"
          value={filters.to}
          onChange={(e) => setFilters({ ...filters, to: e.target.value })}
        />
        <TextField
          label={t('hub.observableFilter')}
          value={filters.observable}
          onChange={(e) => setFilters({ ...filters, observable: e.target.value })}
        />
        <TextField
          label={t('hub.keywords')}
          type="search"
          value={filters.q}
          onChange={(e) => setFilters({ ...filters, q: e.target.value })}
        />
        <SelectField
          label={t('hub.updated')}
          value={filters.sort}
          onChange={(e) => setFilters({ ...filters, sort: e.target.value })}
        >
          <option value="updated">{t('hub.updated')}</option>
          <option value="created">{t('hub.receivedAt')}</option>
          <option value="priority">{t('hub.priority')}</option>
        </SelectField>
        <button type="submit">{t('hub.apply')}</button>
      </form>
      <div className="inline-form" role="group" aria-label={t('hub.savedViews')}>
        <SelectField
          label={t('hub.savedViews')}
          value=""
          onChange={(e) => {
            const view = views.data?.find((v) => v.id === e.target.value);
            if (!view) return;
            const next = { ...NO_FILTERS, ...view.query };
            setFilters(next);
            setApplied(next);
          }}
        >
          <option value="">—</option>
          {(views.data ?? []).map((view) => (
            <option key={view.id} value={view.id}>
              {view.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('hub.viewName')} value={viewName} onChange={(e) => setViewName(e.target.value)} />
        <button type="button" disabled={!viewName.trim()} onClick={() => void saveView()}>
          {t('hub.saveView')}
        </button>
        {(views.data ?? []).map((view) => (
          <button
            key={view.id}
            type="button"
            className="link"
            aria-label={`${t('hub.deleteView')}: ${view.name}`}
            onClick={() => void deleteView(view.id)}
          >
            ✕ {view.name}
          </button>
        ))}
      </div>
      <ErrorAlert error={error ?? incidents.error} />
      <p className="hint">{t('hub.keyboardHint')}</p>
      {selected.size > 0 && (
        <div className="inline-form" role="group" aria-label={t('hub.bulkStatus')}>
          <SelectField
            label={t('hub.bulkStatus')}
            value={bulkStatus}
            onChange={(e) => setBulkStatus(e.target.value as IncidentStatus)}
          >
            {INCIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </SelectField>
          <button type="button" onClick={() => void applyBulk()}>
            {t('hub.bulkApply')} ({selected.size})
          </button>
        </div>
      )}
      {rows.length === 0 && !incidents.isLoading ? (
        <p>{t('hub.empty')}</p>
      ) : (
        <QueueTable rows={rows} selected={selected} onSelectedChange={setSelected} />
      )}
      <section className="card">
        <button type="button" aria-expanded={isManualOpen} onClick={() => setIsManualOpen(!isManualOpen)}>
          {t('hub.newReport')}
        </button>
        {isManualOpen && (
          <form onSubmit={(event) => void enterReport(event)}>
            <p>{t('hub.manualIntro')}</p>
            <TextField
              label={t('hub.yourName')}
              value={manual.reporterName}
              onChange={(e) => setManual({ ...manual, reporterName: e.target.value })}
            />
            <TextField
              label={t('hub.yourEmail')}
              type="email"
              value={manual.reporterEmail}
              onChange={(e) => setManual({ ...manual, reporterEmail: e.target.value })}
            />
            <TextField
              label={t('hub.subject')}
              required
              value={manual.subject}
              onChange={(e) => setManual({ ...manual, subject: e.target.value })}
            />
            <TextArea
              label={t('hub.details')}
              required
              rows={6}
              value={manual.body}
              onChange={(e) => setManual({ ...manual, body: e.target.value })}
            />
            <label>
              {t('hub.scannedPage')}
              <input
                type="file"
                multiple
                accept="application/pdf,image/*"
                onChange={(e) => setManualFiles([...(e.target.files ?? [])])}
              />
            </label>
            <button type="submit" className="primary">
              {t('hub.submit')}
            </button>
          </form>
        )}
      </section>
    </>
  );
}
