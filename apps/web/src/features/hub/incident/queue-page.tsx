/**
 * The handler's queue: filters and saved views, the table (sort, columns, keyboard j/k/Enter,
 * virtualised rows), pages of 500 loaded on demand, bulk status changes, and manual entry of
 * phoned or faxed reports.
 */
import { Button, Group } from '@mantine/core';
import {
  INCIDENT_STATUSES,
  ROLE_PERMISSIONS,
  TLP_LEVELS,
  type Assignee,
  type IncidentSummary,
} from '@renkei/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, apiWithHeaders } from '../../../app/api.js';
import { useQuery } from '../../../app/use-query.js';
import { Link } from '../../../app/router.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, SelectField, TextField } from '../../../components/ui.js';
import { ManualReportForm } from './manual-report-form.js';
import { TrackingPrefixSetting } from './tracking-prefix-setting.js';
import { NO_FILTERS, QueueFiltersForm, queueSearchParams, type QueueFilters } from './queue-filters.js';
import { QueueTable } from './queue-table.js';

/** The list API's largest page. */
const PAGE_SIZE = 500;

type BulkAction = 'status' | 'assignee' | 'tlp' | 'tag';

export function QueuePage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  // A link may open the queue filtered by an observable (the correlation review does).
  const [search] = useSearchParams();
  const [applied, setApplied] = useState<QueueFilters>({ ...NO_FILTERS, observable: search.get('observable') ?? '' });
  // Keyset pages: each page starts after the last row of the one before (X-Next-Cursor).
  const incidents = useInfiniteQuery({
    queryKey: ['GET', 'queue', workspaceId, applied],
    initialPageParam: '',
    queryFn: async ({ pageParam }) => {
      const params = queueSearchParams(applied);
      params.set('limit', String(PAGE_SIZE));
      if (pageParam) params.set('after', pageParam);
      const { data, headers } = await apiWithHeaders<IncidentSummary[]>(
        'GET',
        `/api/workspaces/${workspaceId}/incidents?${params.toString()}`,
      );
      return {
        rows: data,
        total: Number(headers.get('x-total-count') ?? data.length),
        next: headers.get('x-next-cursor'),
      };
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = incidents.data?.pages.flatMap((page) => page.rows) ?? [];
  const total = incidents.data?.pages[0]?.total;
  const assignees = useQuery<Assignee[]>(`/api/workspaces/${workspaceId}/assignees`);
  const assigneeNames = useMemo(
    () => new Map((assignees.data ?? []).map((a) => [a.id, a.displayName || a.username])),
    [assignees.data],
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkAction, setBulkAction] = useState<BulkAction>('status');
  const [bulkValue, setBulkValue] = useState('triage');
  const [error, setError] = useState<unknown>();
  const [progress, setProgress] = useState<string>();

  /** The change one incident gets from the bulk form. */
  function changeFor(incident: IncidentSummary): Record<string, unknown> {
    if (bulkAction === 'status') return { status: bulkValue };
    if (bulkAction === 'assignee') return { assigneeId: bulkValue || null };
    if (bulkAction === 'tlp') return { tlp: bulkValue };
    return { tags: [...new Set([...incident.tags, bulkValue.trim()])].filter(Boolean) };
  }

  async function applyBulk() {
    setError(undefined);
    if (!window.confirm(t('hub.bulkConfirm', { count: selected.size }))) return;
    const chosen = rows.filter((row) => selected.has(row.id));
    try {
      let done = 0;
      for (const incident of chosen) {
        await api('PATCH', `/api/incidents/${incident.id}`, changeFor(incident));
        done += 1;
        setProgress(t('hub.bulkProgress', { done, count: chosen.length }));
      }
      setSelected(new Set());
      await incidents.refetch();
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(undefined);
    }
  }

  const { user } = useSession();
  // The quarantine names senders: need-to-know, as the server enforces (reporter.read + content.write).
  const role = user?.memberships.find((m) => m.workspaceId === workspaceId)?.role;
  const mayOpenQuarantine =
    role !== undefined &&
    ROLE_PERMISSIONS[role].includes('reporter.read') &&
    ROLE_PERMISSIONS[role].includes('content.write');

  return (
    <>
      <h1>{t('hub.queue')}</h1>
      <p>
        {mayOpenQuarantine && (
          <>
            <Link to={`/workspaces/${workspaceId}/quarantine`}>{t('hub.quarantine')}</Link> ·{' '}
          </>
        )}
        <Link to={`/workspaces/${workspaceId}/keys`}>{t('hub.keys')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/correlation`}>{t('hub.correlationSettings')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/outbox`}>{t('hub.outbox')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/directory`}>{t('coordination.directory')}</Link> ·{' '}
        <Link to={`/workspaces/${workspaceId}/feeds`}>{t('coordination.feeds')}</Link> ·{' '}
        <Link to="/report">{t('hub.reportForm')}</Link>
      </p>
      <QueueFiltersForm workspaceId={workspaceId} applied={applied} onApply={setApplied} />
      <ErrorAlert error={error ?? incidents.error ?? undefined} />
      <p className="hint">{t('hub.keyboardHint')}</p>
      <p aria-live="polite">{total !== undefined && t('hub.totalIncidents', { count: total, shown: rows.length })}</p>
      {selected.size > 0 && (
        <Group className="inline-form" role="group" aria-label={t('hub.bulkTitle')} align="end">
          <SelectField
            label={t('hub.bulkTitle')}
            value={bulkAction}
            onChange={(e) => {
              const action = e.target.value as BulkAction;
              setBulkAction(action);
              setBulkValue(action === 'status' ? 'triage' : action === 'tlp' ? 'AMBER' : '');
            }}
          >
            {(['status', 'assignee', 'tlp', 'tag'] as const).map((action) => (
              <option key={action} value={action}>
                {t(`hub.bulk.${action}`)}
              </option>
            ))}
          </SelectField>
          {bulkAction === 'status' && (
            <SelectField label={t('hub.status')} value={bulkValue} onChange={(e) => setBulkValue(e.target.value)}>
              {INCIDENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </SelectField>
          )}
          {bulkAction === 'assignee' && (
            <SelectField label={t('hub.assignee')} value={bulkValue} onChange={(e) => setBulkValue(e.target.value)}>
              <option value="">{t('hub.unassigned')}</option>
              {(assignees.data ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName || a.username}
                </option>
              ))}
            </SelectField>
          )}
          {bulkAction === 'tlp' && (
            <SelectField label="TLP" value={bulkValue} onChange={(e) => setBulkValue(e.target.value)}>
              {TLP_LEVELS.map((level) => (
                <option key={level} value={level}>
                  TLP:{level}
                </option>
              ))}
            </SelectField>
          )}
          {bulkAction === 'tag' && (
            <TextField
              label={t('hub.bulk.tag')}
              value={bulkValue}
              required
              onChange={(e) => setBulkValue(e.target.value)}
            />
          )}
          <Button type="button" onClick={() => void applyBulk()}>
            {t('hub.bulkApply')} ({selected.size})
          </Button>
          {progress && <span aria-live="polite">{progress}</span>}
        </Group>
      )}
      {rows.length === 0 && !incidents.isLoading ? (
        <p>{t('hub.empty')}</p>
      ) : (
        <QueueTable rows={rows} selected={selected} onSelectedChange={setSelected} assigneeNames={assigneeNames} />
      )}
      {incidents.hasNextPage && (
        <Button variant="default" loading={incidents.isFetchingNextPage} onClick={() => void incidents.fetchNextPage()}>
          {t('hub.loadMore', { count: rows.length })}
        </Button>
      )}
      <ManualReportForm workspaceId={workspaceId} />
      {role !== undefined && ROLE_PERMISSIONS[role].includes('workspace.manage') && (
        <TrackingPrefixSetting workspaceId={workspaceId} />
      )}
    </>
  );
}
