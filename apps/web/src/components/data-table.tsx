/**
 * A dense data table over a TanStack Table instance: sortable headers (aria-sort, a button per
 * header), a header that stays in view, an optional keyboard cursor row, and virtualised rows
 * once a table is long (only the rows in view and a margin are in the page, so a queue of
 * thousands scrolls as lightly as one of twenty).
 */
import { Table } from '@mantine/core';
import { flexRender, type Row, type Table as TanstackTable } from '@tanstack/react-table';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';

/** Rows up to this many are all rendered (short tables print and search in the page as they are). */
export const VIRTUALISE_ABOVE = 100;
/** Height of a dense row, for the first layout before rows are measured. */
const ESTIMATED_ROW_PX = 34;
/** A screenful, assumed while the scroll box has no size yet (not laid out, or no layout at all). */
const SCREENFUL = { width: 1200, height: 800 };

export function DataTable<T>({
  table,
  className,
  label,
  cursor,
  virtualiseAbove = VIRTUALISE_ABOVE,
}: {
  table: TanstackTable<T>;
  className?: string;
  label?: string;
  /** Index (in the rows as sorted) of the keyboard cursor, kept in view. */
  cursor?: number;
  virtualiseAbove?: number;
}) {
  const rows = table.getRowModel().rows;
  const isVirtual = rows.length > virtualiseAbove;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: isVirtual ? rows.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 20,
    // Before the first measurement, and while the box has no height, render a screenful rather
    // than nothing.
    initialRect: SCREENFUL,
    // A row not laid out yet measures 0: keep the estimate for it.
    measureElement: (row) => row.getBoundingClientRect().height || ESTIMATED_ROW_PX,
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : SCREENFUL)),
  });
  useEffect(() => {
    if (isVirtual && cursor !== undefined && cursor < rows.length) virtualizer.scrollToIndex(cursor, { align: 'auto' });
  }, [isVirtual, cursor, rows.length, virtualizer]);

  const items = isVirtual ? virtualizer.getVirtualItems() : [];
  const shown: { row: Row<T>; index: number }[] = isVirtual
    ? items.map((item) => ({ row: rows[item.index]!, index: item.index }))
    : rows.map((row, index) => ({ row, index }));
  const columnCount = table.getVisibleLeafColumns().length;
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  const body = (
    <Table className={className} aria-label={label} aria-rowcount={rows.length + 1} stickyHeader highlightOnHover>
      <Table.Thead>
        {table.getHeaderGroups().map((group) => (
          <Table.Tr key={group.id}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const content = flexRender(header.column.columnDef.header, header.getContext());
              return (
                <Table.Th
                  key={header.id}
                  scope="col"
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                >
                  {header.column.getCanSort() ? (
                    <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                      {content}
                      <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                    </button>
                  ) : (
                    content
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Thead>
      <Table.Tbody>
        {padTop > 0 && (
          <tr aria-hidden="true" style={{ height: padTop }}>
            <td colSpan={columnCount} />
          </tr>
        )}
        {shown.map(({ row, index }) => (
          <Table.Tr
            key={row.id}
            data-index={index}
            aria-rowindex={index + 2}
            ref={isVirtual ? virtualizer.measureElement : undefined}
            className={index === cursor ? 'cursor' : undefined}
            aria-selected={cursor === undefined ? undefined : index === cursor}
          >
            {row.getVisibleCells().map((cell) => (
              <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
            ))}
          </Table.Tr>
        ))}
        {padBottom > 0 && (
          <tr aria-hidden="true" style={{ height: padBottom }}>
            <td colSpan={columnCount} />
          </tr>
        )}
      </Table.Tbody>
    </Table>
  );
  // A long table scrolls in its own box so that only its visible rows need to exist.
  return isVirtual ? (
    <div ref={scroller} className="data-table-scroller">
      {body}
    </div>
  ) : (
    body
  );
}
