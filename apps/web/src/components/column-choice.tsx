/** Check boxes to show or hide a table's optional columns. */
import { Checkbox, Group } from '@mantine/core';
import type { Table } from '@tanstack/react-table';

export function ColumnChoice<T>({
  table,
  legend,
  labels,
}: {
  table: Table<T>;
  legend: string;
  labels: Readonly<Record<string, string>>;
}) {
  return (
    <fieldset className="column-choice">
      <legend>{legend}</legend>
      <Group gap="md">
        {table
          .getAllLeafColumns()
          .filter((column) => column.getCanHide())
          .map((column) => (
            <Checkbox
              key={column.id}
              size="xs"
              label={labels[column.id] ?? column.id}
              checked={column.getIsVisible()}
              onChange={column.getToggleVisibilityHandler()}
            />
          ))}
      </Group>
    </fieldset>
  );
}
