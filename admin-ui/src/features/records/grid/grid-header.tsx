// The records grid's header row, memoised: the grid renders again on every scrolled frame, and
// the header (a menu, a resize handle and a sort button per column) changes only with the
// columns, their widths, the sort and the selection.
import { Text, UnstyledButton } from '@mantine/core';
import { memo } from 'react';
import type { FieldDefinition } from '../../../api';
import { ColumnMenu, ResizeHandle } from './column-header-controls';
import type { RowLayout } from './grid-row';
import { CONTROL_COLUMNS, type RecordsTable } from './use-records-table';

/** The narrowest a column can be dragged to. */
export const MIN_WIDTH = 60;

/**
 * Why a relation column sorts as it does, or does not sort: a to-one relation sorts by the name
 * its cells show (its target's display field); without one it would order by ids no one sees.
 */
export function relationSortHint(field: FieldDefinition | undefined, display: string | null): string | undefined {
  if (field?.type !== 'relation') return undefined;
  if (field.options.kind !== 'many_to_one')
    return 'A to-many relation has no single record to sort by, so this column does not sort.';
  if (display === null)
    return 'The related records have no text field to show, so this column does not sort (it would order by ids).';
  return `Sorts by the related record's ${display}, the name shown.`;
}

interface GridHeaderProps {
  table: RecordsTable;
  layout: RowLayout;
  /** The table's sort, as text: the header renders again when it changes. */
  sortKey: string;
  /** Whether all or some rows are selected, as text: the select-all box follows it. */
  selectionKey: string;
}

export const GridHeader = memo(function GridHeader({ table, layout }: GridHeaderProps) {
  const headers = new Map(table.getFlatHeaders().map((header) => [header.column.id, header]));
  return (
    <thead>
      <tr role="row" aria-rowindex={1}>
        {layout.columns.map((column, index) => {
          const header = headers.get(column.id);
          const sorted = column.getIsSorted();
          const canSort = column.getCanSort();
          const pinned = index < layout.pinnedCount;
          return (
            <th
              key={column.id}
              role="columnheader"
              aria-colindex={index + 1}
              aria-sort={
                sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined
              }
              className={[pinned ? 'pinned' : '', index === layout.pinnedCount - 1 ? 'pinned-last' : ''].join(' ')}
              style={pinned ? { left: layout.starts[index] } : undefined}
            >
              <div style={{ display: 'flex', alignItems: 'center', gap: 2, minWidth: 0 }}>
                {header &&
                  (canSort ? (
                    <UnstyledButton
                      onClick={column.getToggleSortingHandler()}
                      fw={600}
                      fz="sm"
                      aria-label={`Sort by ${column.id}`}
                      title={relationSortHint(layout.fields[index], layout.displays[index] ?? null)}
                      style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                    >
                      <table.FlexRender header={header} />{' '}
                      <Text span c={sorted ? 'indigo' : 'dimmed'} size="xs">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                      </Text>
                    </UnstyledButton>
                  ) : (
                    <Text
                      span
                      fw={600}
                      fz="sm"
                      truncate
                      title={relationSortHint(layout.fields[index], layout.displays[index] ?? null)}
                    >
                      <table.FlexRender header={header} />
                    </Text>
                  ))}
                {!CONTROL_COLUMNS.has(column.id) && (
                  <ColumnMenu
                    name={column.id}
                    pinned={column.getIsPinned() !== false}
                    onPin={(pin) => column.pin(pin ? 'start' : false)}
                    onResetWidth={() =>
                      table.setColumnSizing((current) => {
                        const { [column.id]: _dropped, ...rest } = current;
                        return rest;
                      })
                    }
                  />
                )}
              </div>
              {!CONTROL_COLUMNS.has(column.id) && (
                <ResizeHandle
                  name={column.id}
                  width={layout.widths[index] ?? 100}
                  min={layout.minWidths[index] ?? MIN_WIDTH}
                  onResize={(width) => table.setColumnSizing((current) => ({ ...current, [column.id]: width }))}
                />
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
});
