/**
 * The queue's filters (status, category, TLP, assignee, dates, observable, full text, sort) and
 * the handler's saved views of them. Filters apply when submitted, not on every keystroke.
 */
import { Button } from '@mantine/core';
import {
  INCIDENT_STATUSES,
  NATIONAL_CATEGORIES,
  QUEUE_STATES,
  TLP_LEVELS,
  type Assignee,
  type SavedView,
} from '@renkei/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { ErrorAlert, SelectField, TextField } from '../../../components/ui.js';

export const FILTER_KEYS = [
  'state',
  'status',
  'category',
  'tlp',
  'assigneeId',
  'from',
  'to',
  'observable',
  'q',
] as const;
export type QueueFilters = Record<(typeof FILTER_KEYS)[number] | 'sort', string>;
export const NO_FILTERS: QueueFilters = {
  state: 'open',
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

/** The list's query string for a set of filters (a date "to" includes that whole day). */
export function queueSearchParams(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams({ sort: filters.sort });
  for (const key of FILTER_KEYS)
    if (filters[key]) params.set(key, key === 'to' ? `${filters[key]}T23:59:59.999Z` : filters[key]);
  return params;
}

export function QueueFiltersForm({
  workspaceId,
  applied,
  onApply,
}: {
  workspaceId: string;
  applied: QueueFilters;
  onApply: (filters: QueueFilters) => void;
}) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<QueueFilters>(applied);
  const views = useQuery<SavedView[]>(`/api/workspaces/${workspaceId}/saved-views`);
  const assignees = useQuery<Assignee[]>(`/api/workspaces/${workspaceId}/assignees`);
  const [viewName, setViewName] = useState('');
  const [error, setError] = useState<unknown>();

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
      <form
        className="inline-form card"
        aria-label={t('hub.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          onApply(filters);
        }}
      >
        <SelectField
          label={t('hub.queueState')}
          value={filters.state}
          onChange={(e) => setFilters({ ...filters, state: e.target.value })}
        >
          {QUEUE_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`hub.queueStates.${state}`)}
            </option>
          ))}
        </SelectField>
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
          <option value="me">{t('hub.assignedToMe')}</option>
          <option value="none">{t('hub.unassigned')}</option>
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
        <Button variant="default" type="submit">
          {t('hub.apply')}
        </Button>
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
            onApply(next);
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
        <Button variant="default" type="button" disabled={!viewName.trim()} onClick={() => void saveView()}>
          {t('hub.saveView')}
        </Button>
        {(views.data ?? []).map((view) => (
          <Button
            key={view.id}
            type="button"
            variant="subtle"
            aria-label={`${t('hub.deleteView')}: ${view.name}`}
            onClick={() => void deleteView(view.id)}
          >
            ✕ {view.name}
          </Button>
        ))}
      </div>
      <ErrorAlert error={error ?? views.error} />
    </>
  );
}
