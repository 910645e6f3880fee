/**
 * The handler's queue: filters and saved views, the table (sort, columns, keyboard j/k/Enter,
 * virtualised rows), pages of 500 loaded on demand, bulk status changes, and manual entry of
 * phoned or faxed reports.
 */
import { Button, Group } from '@mantine/core';
import { INCIDENT_STATUSES, ROLE_PERMISSIONS, type IncidentStatus, type IncidentSummary } from '@renkei/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../../app/api.js';
import { Link } from '../../../app/router.js';
import { useSession } from '../../../app/session.js';
import { ErrorAlert, SelectField } from '../../../components/ui.js';
import { ManualReportForm } from './manual-report-form.js';
import { TrackingPrefixSetting } from './tracking-prefix-setting.js';
import { NO_FILTERS, QueueFiltersForm, queueSearchParams, type QueueFilters } from './queue-filters.js';
import { QueueTable } from './queue-table.js';

/** The list API's largest page. */
const PAGE_SIZE = 500;

export function QueuePage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  // A link may open the queue filtered by an observable (the correlation review does).
  const [search] = useSearchParams();
  const [applied, setApplied] = useState<QueueFilters>({ ...NO_FILTERS, observable: search.get('observable') ?? '' });
  const incidents = useInfiniteQuery({
    queryKey: ['GET', 'queue', workspaceId, applied],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => {
      const params = queueSearchParams(applied);
      params.set('limit', String(PAGE_SIZE));
      params.set('offset', String(pageParam));
      return api<IncidentSummary[]>('GET', `/api/workspaces/${workspaceId}/incidents?${params.toString()}`);
    },
    getNextPageParam: (last, pages) => (last.length === PAGE_SIZE ? pages.length * PAGE_SIZE : undefined),
  });
  const rows = incidents.data?.pages.flat() ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkStatus, setBulkStatus] = useState<IncidentStatus>('triage');
  const [error, setError] = useState<unknown>();

  async function applyBulk() {
    setError(undefined);
    try {
      for (const id of selected) await api('PATCH', `/api/incidents/${id}`, { status: bulkStatus });
      setSelected(new Set());
      await incidents.refetch();
    } catch (caught) {
      setError(caught);
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
        <Link to="/report">{t('hub.reportForm')}</Link>
      </p>
      <QueueFiltersForm workspaceId={workspaceId} applied={applied} onApply={setApplied} />
      <ErrorAlert error={error ?? incidents.error ?? undefined} />
      <p className="hint">{t('hub.keyboardHint')}</p>
      {selected.size > 0 && (
        <Group className="inline-form" role="group" aria-label={t('hub.bulkStatus')} align="end">
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
          <Button type="button" onClick={() => void applyBulk()}>
            {t('hub.bulkApply')} ({selected.size})
          </Button>
        </Group>
      )}
      {rows.length === 0 && !incidents.isLoading ? (
        <p>{t('hub.empty')}</p>
      ) : (
        <QueueTable rows={rows} selected={selected} onSelectedChange={setSelected} />
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
