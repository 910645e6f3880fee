/**
 * The handler's queue as a dense table (TanStack Table): sort by any column (by workflow order
 * for status, urgency for priority, label order for TLP), choose the columns shown (remembered
 * in this browser), a header that stays in view, and the keyboard cursor (j / k, Enter) over
 * the rows as sorted.
 */
import { INCIDENT_STATUSES, PRIORITIES, TLP_LEVELS, type IncidentSummary } from '@renkei/contracts';
import {
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Link } from '../../../app/router.js';
import { ColumnChoice } from '../../../components/column-choice.js';
import { DataTable } from '../../../components/data-table.js';
import { TlpBadge } from '../../../components/ui.js';
import { useStoredState } from '../../../components/use-stored-state.js';
import { dateTimeFormat } from '../../../i18n/date-time.js';

const COLUMNS_KEY = 'renkei.queue.columns';
/** Columns a handler may hide; the tracking number and title always show. */
export const OPTIONAL_COLUMNS = [
  'createdAt',
  'reporter',
  'category',
  'status',
  'priority',
  'tlp',
  'assignee',
  'reportCount',
  'responseDueAt',
] as const;

/** Sorts a column by the position of its value in `order` (workflow, urgency, label order), not alphabetically. */
function byRank(order: readonly string[]) {
  return (a: { getValue(id: string): unknown }, b: { getValue(id: string): unknown }, id: string) =>
    order.indexOf(String(a.getValue(id))) - order.indexOf(String(b.getValue(id)));
}

export function QueueTable({
  rows,
  selected,
  onSelectedChange,
  assigneeNames = new Map(),
}: {
  rows: readonly IncidentSummary[];
  selected: ReadonlySet<string>;
  onSelectedChange: (selected: Set<string>) => void;
  /** Assignee id → the name shown. */
  assigneeNames?: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [sorting, setSorting] = useState<SortingState>([]);
  const [visibility, setVisibility] = useStoredState<VisibilityState>(COLUMNS_KEY, {});
  const [cursor, setCursor] = useState(0);

  const dateFormat = useMemo(() => dateTimeFormat(i18n.language), [i18n.language]);
  const labels: Record<(typeof OPTIONAL_COLUMNS)[number], string> = {
    createdAt: t('hub.receivedAt'),
    reporter: t('hub.reporter'),
    assignee: t('hub.assignee'),
    category: t('hub.category'),
    status: t('hub.status'),
    priority: t('hub.priority'),
    tlp: 'TLP',
    reportCount: t('hub.reports'),
    responseDueAt: t('hub.due'),
  };
  const columns = useMemo<ColumnDef<IncidentSummary>[]>(
    () => [
      {
        id: 'select',
        enableSorting: false,
        enableHiding: false,
        header: () => (
          <input
            type="checkbox"
            aria-label={t('hub.selectAll')}
            checked={rows.length > 0 && selected.size === rows.length}
            onChange={(e) => onSelectedChange(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            aria-label={`${t('hub.select')} ${row.original.trackingNumber}`}
            checked={selected.has(row.original.id)}
            onChange={(e) => {
              const next = new Set(selected);
              if (e.target.checked) next.add(row.original.id);
              else next.delete(row.original.id);
              onSelectedChange(next);
            }}
          />
        ),
      },
      {
        id: 'trackingNumber',
        accessorKey: 'trackingNumber',
        enableHiding: false,
        header: () => t('hub.tracking'),
        cell: ({ row }) => <code>{row.original.trackingNumber}</code>,
      },
      {
        id: 'title',
        accessorKey: 'title',
        enableHiding: false,
        header: () => t('hub.title'),
        cell: ({ row }) => <Link to={`/incidents/${row.original.id}`}>{row.original.title}</Link>,
      },
      {
        id: 'createdAt',
        accessorKey: 'createdAt',
        header: () => t('hub.receivedAt'),
        sortDescFirst: true,
        cell: ({ row }) => {
          const at = new Date(row.original.createdAt);
          return Number.isNaN(at.getTime()) ? '' : dateFormat.format(at);
        },
      },
      {
        id: 'reporter',
        accessorFn: (incident) => incident.reporter ?? '',
        header: () => t('hub.reporter'),
        cell: ({ row }) =>
          row.original.reporter === undefined ? <span className="hint">{t('hub.hidden')}</span> : row.original.reporter,
      },
      {
        id: 'category',
        accessorKey: 'category',
        header: () => t('hub.category'),
        cell: ({ row }) => t(`category.${row.original.category}`),
      },
      {
        id: 'status',
        accessorKey: 'status',
        header: () => t('hub.status'),
        sortingFn: byRank(INCIDENT_STATUSES),
        cell: ({ row }) => t(`status.${row.original.status}`),
      },
      {
        id: 'priority',
        accessorKey: 'priority',
        header: () => t('hub.priority'),
        sortingFn: byRank(PRIORITIES),
        cell: ({ row }) => (
          <span className={`priority-${row.original.priority}`}>{t(`priority.${row.original.priority}`)}</span>
        ),
      },
      {
        id: 'tlp',
        accessorKey: 'tlp',
        header: () => 'TLP',
        sortingFn: byRank(TLP_LEVELS),
        sortDescFirst: true,
        cell: ({ row }) => <TlpBadge tlp={row.original.tlp} />,
      },
      {
        id: 'assignee',
        accessorFn: (incident) => (incident.assigneeId ? (assigneeNames.get(incident.assigneeId) ?? '') : ''),
        header: () => t('hub.assignee'),
        cell: ({ getValue, row }) =>
          row.original.assigneeId ? String(getValue()) || '—' : <span className="hint">{t('hub.unassigned')}</span>,
      },
      { id: 'reportCount', accessorKey: 'reportCount', header: () => t('hub.reports'), sortDescFirst: true },
      {
        id: 'responseDueAt',
        accessorFn: (incident) => incident.responseDueAt ?? '',
        header: () => t('hub.due'),
        cell: ({ row }) => {
          const due = row.original.responseDueAt;
          const now = new Date().toISOString();
          return (
            <>
              {due && dateFormat.format(new Date(due))}
              {due && due < now && row.original.status === 'new' && (
                <strong className="overdue"> {t('hub.overdue')}</strong>
              )}
            </>
          );
        },
      },
    ],
    [t, rows, selected, onSelectedChange, dateFormat, assigneeNames],
  );

  const table = useReactTable({
    data: rows as IncidentSummary[],
    columns,
    state: { sorting, columnVisibility: visibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (incident) => incident.id,
  });
  const shown = table.getRowModel().rows;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // Keys typed into a field, or Enter on a focused button or link, are theirs.
      if (target && ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A'].includes(target.tagName)) return;
      if (event.key === 'j') setCursor((c) => Math.min(shown.length - 1, c + 1));
      else if (event.key === 'k') setCursor((c) => Math.max(0, c - 1));
      else if (event.key === 'Enter' && shown[cursor]) void navigate(`/incidents/${shown[cursor].original.id}`);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown, cursor, navigate]);

  return (
    <>
      <ColumnChoice table={table} legend={t('hub.columns')} labels={labels} />
      <DataTable table={table} className="queue" label={t('hub.queue')} cursor={cursor} />
    </>
  );
}
