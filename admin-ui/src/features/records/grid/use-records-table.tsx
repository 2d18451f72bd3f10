// The TanStack table behind the records grid: one column per shown field (one-to-many ones as
// the related names), a selection checkbox, a button that opens the record, the id on demand
// (hidden by default, whole and copyable), and the times. Sorting is the server's (a to-one
// relation by the name shown); widths, pins and visibility are remembered per collection.
import { ActionIcon, Checkbox, CopyButton, Group, Text, VisuallyHidden } from '@mantine/core';
import {
  columnPinningFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnPinningState,
  type ColumnSizingState,
  type ColumnVisibilityState,
  type ReactTable,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { CollectionDefinition, FieldDefinition, RecordData } from '../../../api';
import { formatDateTime } from '../../../components/format';
import { fieldTypeUi } from '../../../field-types';
import { CellValue } from '../cell-value';
import { loadLayout, loadVisibility, saveLayout, saveVisibility } from '../column-visibility';
import { displayFieldOf } from '../display-field';
import type { PreviewedFile } from '../file-preview-modal';
import { sortByColumn, sortByPath, type SortKey } from '../sort-param';

export const features = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
  columnSizingFeature,
  columnPinningFeature,
});
export type Features = typeof features;
export type RecordsTable = ReactTable<Features, RecordData>;

/** Columns that are controls, not values: no copy, paste or edit. */
export const CONTROL_COLUMNS = new Set(['select', 'open']);
const NO_ROWS: RecordData[] = [];

/** The fields a grid shows: not hidden, not secret. */
export function gridFields(collection: CollectionDefinition): FieldDefinition[] {
  return collection.fields.filter((field) => !field.options.hidden && field.type !== 'secret');
}

/**
 * What the API sorts a column by, or null when its header does not sort: a system column or a
 * field by itself, and a to-one relation by the name its cells show (`author.name`, the target's
 * display field), so the order is the one seen. A to-many relation has no single record to sort
 * by, and a relation whose target has no field to show would be ordered by ids no one sees.
 */
export function sortPath(
  columnId: string,
  field: FieldDefinition | undefined,
  collections: readonly CollectionDefinition[],
): string | null {
  if (!field) return columnId; // system columns
  if (field.options.hidden) return null;
  if (field.type === 'relation') {
    if (field.options.kind !== 'many_to_one') return null;
    const display = displayFieldOf(collections.find((item) => item.name === field.options.target));
    return display === null ? null : `${field.name}.${display}`;
  }
  return fieldTypeUi(field.type).sortable ? field.name : null;
}

/** Sort paths of the sortable columns (column id → the API's sort key). */
export function sortPaths(
  collection: CollectionDefinition,
  collections: readonly CollectionDefinition[],
): Map<string, string> {
  const paths = new Map<string, string>();
  for (const id of ['id', 'created_at', 'updated_at']) paths.set(id, id);
  for (const field of gridFields(collection)) {
    const path = sortPath(field.name, field, collections);
    if (path !== null) paths.set(field.name, path);
  }
  return paths;
}

/** `expand` for the list: every relation the grid shows, so cells name records instead of ids. */
export function expandParam(collection: CollectionDefinition): string {
  return gridFields(collection)
    .filter((field) => field.type === 'relation')
    .map((field) => field.name)
    .join(',');
}

interface Options {
  collection: CollectionDefinition;
  collections: readonly CollectionDefinition[];
  rows: RecordData[] | undefined;
  /** The API's sort keys (`author.name`), as in the URL. */
  sorting: readonly SortKey[];
  onSortingChange: (sorting: SortKey[]) => void;
  onOpen: (id: string) => void;
  onOpenFile: (file: PreviewedFile) => void;
}

export function useRecordsTable({
  collection,
  collections,
  rows,
  sorting,
  onSortingChange,
  onOpen,
  onOpenFile,
}: Options) {
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(() =>
    loadVisibility(collection.name, { id: false, updated_at: false }),
  );
  const [layout, setLayout] = useState(() =>
    loadLayout(collection.name, { sizing: {}, pinning: { start: ['select', 'open'], end: [] } }),
  );
  const updateLayout = (next: { sizing?: ColumnSizingState; pinning?: ColumnPinningState }) =>
    setLayout((current) => {
      const merged = { ...current, ...next };
      saveLayout(collection.name, merged);
      return merged;
    });

  const paths = useMemo(() => sortPaths(collection, collections), [collection, collections]);
  const columnSorting = useMemo<SortingState>(() => sortByColumn(sorting, paths), [sorting, paths]);

  const columns = useMemo<ColumnDef<Features, RecordData>[]>(() => {
    const fieldColumns = gridFields(collection).map<ColumnDef<Features, RecordData>>((field) => {
      const display = displayFieldOf(collections.find((item) => item.name === field.options.target));
      return {
        id: field.name,
        accessorFn: (record) => record[field.name] as never,
        header: field.name,
        enableSorting: paths.has(field.name),
        cell: ({ row }) => (
          <CellValue
            field={field}
            record={row.original}
            displayField={display}
            collection={collection.name}
            onOpenFile={onOpenFile}
          />
        ),
      };
    });
    return [
      {
        id: 'select',
        enableSorting: false,
        enableHiding: false,
        header: ({ table }) => (
          <Checkbox
            aria-label="Select all records on this page"
            tabIndex={-1}
            checked={table.getIsAllPageRowsSelected()}
            indeterminate={table.getIsSomePageRowsSelected()}
            onChange={table.getToggleAllPageRowsSelectedHandler()}
          />
        ),
        // Native controls in rows (styled in records-grid.css): a scrolled page draws dozens per
        // frame, and Mantine's Checkbox, ActionIcon and Tooltip cost far more to mount.
        cell: ({ row }) => (
          <input
            type="checkbox"
            className="grid-check"
            aria-label={`Select record ${row.original.id}`}
            tabIndex={-1}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
          />
        ),
      },
      {
        id: 'open',
        enableSorting: false,
        enableHiding: false,
        header: () => <VisuallyHidden>Open</VisuallyHidden>,
        cell: ({ row }) => (
          <button
            type="button"
            className="grid-open"
            title="Open the form (Shift+Enter)"
            tabIndex={-1}
            aria-label={`Open record ${row.original.id}`}
            onClick={(event) => {
              event.stopPropagation();
              onOpen(row.original.id);
            }}
          >
            ↗
          </button>
        ),
      },
      {
        id: 'id',
        accessorKey: 'id',
        header: 'id',
        cell: ({ row }) => <IdCell id={row.original.id} />,
      },
      ...fieldColumns,
      {
        id: 'created_at',
        accessorKey: 'created_at',
        header: 'created',
        cell: ({ row }) => formatDateTime(row.original.created_at),
      },
      {
        id: 'updated_at',
        accessorKey: 'updated_at',
        header: 'updated',
        cell: ({ row }) => formatDateTime(row.original.updated_at),
      },
    ];
    // Rebuilt when the schema changes.
  }, [collection, collections, paths]);

  const table = useTable({
    features,
    columns,
    data: rows ?? NO_ROWS,
    getRowId: (record) => record.id,
    manualSorting: true,
    enableMultiSort: true,
    sortDescFirst: false,
    state: {
      sorting: columnSorting,
      rowSelection,
      columnVisibility,
      columnSizing: layout.sizing,
      columnPinning: layout.pinning,
    },
    onSortingChange: (updater) =>
      onSortingChange(sortByPath(typeof updater === 'function' ? updater(columnSorting) : updater, paths)),
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: (updater) =>
      setColumnVisibility((current) => {
        const next = typeof updater === 'function' ? updater(current) : updater;
        saveVisibility(collection.name, next);
        return next;
      }),
    onColumnSizingChange: (updater) =>
      updateLayout({ sizing: typeof updater === 'function' ? updater(layout.sizing) : updater }),
    onColumnPinningChange: (updater) =>
      updateLayout({ pinning: typeof updater === 'function' ? updater(layout.pinning) : updater }),
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  return { table, columnSizing: layout.sizing, selectedIds, clearSelection: () => setRowSelection({}) };
}

/** The whole id (ids begin with their time, so a prefix does not tell records apart), copyable. */
function IdCell({ id }: { id: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Text span ff="monospace" fz="xs">
        {id}
      </Text>
      <CopyButton value={id}>
        {({ copied, copy }) => (
          <ActionIcon
            variant="subtle"
            size="xs"
            color={copied ? 'teal' : 'gray'}
            tabIndex={-1}
            aria-label={copied ? 'Id copied' : `Copy id ${id}`}
            onClick={(event) => {
              event.stopPropagation();
              copy();
            }}
          >
            {copied ? '✓' : '⧉'}
          </ActionIcon>
        )}
      </CopyButton>
    </Group>
  );
}
