// The records of a collection: a server-paginated, server-sorted table with a filter box in the
// expression language, a choice of columns, row selection with bulk delete, a record form, and
// import from a file / export of what the table shows.
import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  EmptyState,
  Group,
  Pagination,
  Popover,
  Select,
  Stack,
  Badge,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  columnVisibilityFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnVisibilityState,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { expressionIssue, type CollectionDefinition, type RecordData } from '../../api';
import { ConfirmModal } from '../../components/confirm-modal';
import { ExpressionError } from '../../components/expression-error';
import { formatDateTime, shortId } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { paginationControlProps } from '../../components/pagination-labels';
import { ProblemAlert } from '../../components/problem-alert';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { useBulkDeleteRecordsMutation } from '../../data/records/records-bulk-delete-mutation';
import { useRecordsQuery } from '../../data/records/records-query';
import { useLiveRecords, type LiveStatus } from '../../data/records/live-records';
import { fieldTypeUi } from '../../field-types';
import { filterExample } from '../expressions/expression-examples';
import { FilterBuilder } from '../expressions/filter-builder';
import { LazyExpressionInput } from '../expressions/lazy-expression-input';
import { useExpressionScope } from '../expressions/use-expression-scope';
import { CellValue } from './cell-value';
import { DeleteEffectsNotice } from './delete-effects-notice';
import { loadVisibility, saveVisibility } from './column-visibility';
import { displayFieldOf } from './display-field';
import { ExportModal } from './export-modal';
import { FilePreviewModal, type PreviewedFile } from './file-preview-modal';
import { ImportModal } from './import-modal';
import { RecordDrawer } from './record-form';
import { sortParam } from './sort-param';

const features = tableFeatures({ rowSortingFeature, rowSelectionFeature, columnVisibilityFeature });
type Features = typeof features;
const NO_ROWS: RecordData[] = [];
const PAGE_SIZES = ['20', '50', '100', '200'];

function sortable(collection: CollectionDefinition, name: string): boolean {
  const field = collection.fields.find((item) => item.name === name);
  if (!field) return true; // system columns
  if (field.options.hidden) return false;
  if (field.type === 'relation') return field.options.kind === 'many_to_one';
  return fieldTypeUi(field.type).sortable;
}

export function RecordsBrowser({ collection }: { collection: CollectionDefinition }) {
  const collections = useCollectionsQuery();
  const all = collections.data ?? [collection];
  const [filterInput, setFilterInput] = useState('');
  const [filter, setFilter] = useState('');
  const [builderOpen, setBuilderOpen] = useState(false);
  const expressionScope = useExpressionScope(collection);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'created_at', desc: true }]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmBulk, setConfirmBulk] = useState(false);
  const [transfer, setTransfer] = useState<'import' | 'export' | null>(null);
  const [previewed, setPreviewed] = useState<PreviewedFile | null>(null);
  const shownFields = collection.fields.filter(
    (field) =>
      !field.options.hidden &&
      field.type !== 'secret' &&
      !(field.type === 'relation' && field.options.kind === 'one_to_many'),
  );
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(() =>
    loadVisibility(collection.name, { updated_at: false }),
  );
  const expand = shownFields
    .filter((field) => field.type === 'relation' && field.options.kind === 'many_to_one')
    .map((field) => field.name)
    .join(',');

  const query = {
    ...(filter ? { filter } : {}),
    ...(sortParam(sorting) ? { sort: sortParam(sorting) } : {}),
    ...(expand ? { expand } : {}),
    limit: pageSize,
    offset: (page - 1) * pageSize,
    count: 'exact' as const,
  };
  const records = useRecordsQuery(collection.name, query);
  const live = useLiveRecords(collection.name);
  const bulkDelete = useBulkDeleteRecordsMutation(collection.name);
  const filterIssue = expressionIssue(records.error, 'filter');

  const columns = useMemo<ColumnDef<Features, RecordData>[]>(() => {
    const fieldColumns = shownFields.map<ColumnDef<Features, RecordData>>((field) => {
      const target = all.find((item) => item.name === field.options.target);
      const display = displayFieldOf(target);
      return {
        id: field.name,
        accessorFn: (record) => record[field.name] as never,
        header: field.name,
        enableSorting: sortable(collection, field.name),
        cell: ({ row }) => (
          <CellValue
            field={field}
            record={row.original}
            displayField={display}
            collection={collection.name}
            onOpenFile={setPreviewed}
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
            checked={table.getIsAllPageRowsSelected()}
            indeterminate={table.getIsSomePageRowsSelected()}
            onChange={table.getToggleAllPageRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            aria-label={`Select record ${row.original.id}`}
            checked={row.getIsSelected()}
            onChange={row.getToggleSelectedHandler()}
            onClick={(event) => event.stopPropagation()}
          />
        ),
      },
      {
        id: 'id',
        accessorKey: 'id',
        header: 'id',
        enableHiding: false,
        cell: ({ row }) => (
          <UnstyledButton
            ff="monospace"
            fz="xs"
            c="indigo"
            onClick={(event) => {
              event.stopPropagation();
              setEditing(row.original.id);
            }}
            aria-label={`Open record ${row.original.id}`}
          >
            {shortId(row.original.id)}
          </UnstyledButton>
        ),
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
  }, [collection, collections.data]);

  const table = useTable({
    features,
    columns,
    data: records.data?.data ?? NO_ROWS,
    getRowId: (record) => record.id,
    manualSorting: true,
    enableMultiSort: true,
    sortDescFirst: false,
    state: { sorting, rowSelection, columnVisibility },
    onSortingChange: (updater) => {
      setSorting(updater);
      setPage(1);
    },
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: (updater) =>
      setColumnVisibility((current) => {
        const next = typeof updater === 'function' ? updater(current) : updater;
        saveVisibility(collection.name, next);
        return next;
      }),
  });

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const total = records.data?.meta.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  const submitFilter = (text: string) => {
    setFilter(text.trim());
    setPage(1);
    setRowSelection({});
  };
  const applyFilter = (event: FormEvent) => {
    event.preventDefault();
    submitFilter(filterInput);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <form onSubmit={applyFilter} style={{ flex: '1 1 480px' }} role="search">
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Group gap={4} style={{ flex: 1, minWidth: 0 }} wrap="nowrap" align="flex-start">
              <div style={{ flex: 1, minWidth: 0 }}>
                <LazyExpressionInput
                  label="Filter"
                  placeholder={`Filter, e.g. ${filterExample(expressionScope)}`}
                  value={filterInput}
                  onChange={setFilterInput}
                  onSubmit={submitFilter}
                  invalid={Boolean(filterIssue)}
                  describedBy={filterIssue ? 'filter-error' : undefined}
                  settings={{ ...expressionScope, mode: 'filter' }}
                />
              </div>
              {(filter || filterInput) && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  mt={2}
                  aria-label="Clear filter"
                  onClick={() => {
                    setFilterInput('');
                    setFilter('');
                    setPage(1);
                  }}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
            <Button type="submit" variant="default">
              Apply
            </Button>
            <Button variant="default" onClick={() => setBuilderOpen(true)}>
              Builder
            </Button>
          </Group>
          {filterIssue && <ExpressionError id="filter-error" expression={filterInput} issue={filterIssue} />}
        </form>
        <Group gap="xs">
          <LiveIndicator status={live.status} />
          {selectedIds.length > 0 && (
            <Button color="red" variant="light" onClick={() => setConfirmBulk(true)}>
              Delete selected ({selectedIds.length})
            </Button>
          )}
          {!collection.system && (
            <Button variant="default" onClick={() => setTransfer('import')}>
              Import
            </Button>
          )}
          <Button variant="default" onClick={() => setTransfer('export')}>
            Export
          </Button>
          <Popover position="bottom-end" shadow="md" trapFocus>
            <Popover.Target>
              <Button variant="default">Columns</Button>
            </Popover.Target>
            <Popover.Dropdown>
              <Stack gap={6} role="group" aria-label="Visible columns">
                <Text size="xs" fw={600} c="dimmed">
                  Visible columns
                </Text>
                {table
                  .getAllLeafColumns()
                  .filter((column) => column.getCanHide())
                  .map((column) => (
                    <Checkbox
                      key={column.id}
                      label={column.id}
                      checked={column.getIsVisible()}
                      onChange={column.getToggleVisibilityHandler()}
                    />
                  ))}
              </Stack>
            </Popover.Dropdown>
          </Popover>
          {collection.system ? (
            <Button component={Link} to="/users">
              Manage users
            </Button>
          ) : (
            <Button onClick={() => setEditing('new')}>New record</Button>
          )}
        </Group>
      </Group>

      {records.error && !filterIssue && <ProblemAlert error={records.error} />}
      {records.isPending && <LoadingBlock label="Loading records" />}
      {records.data && (
        <>
          <Table.ScrollContainer minWidth={600}>
            <Table
              highlightOnHover
              striped
              className="data-table"
              aria-label={`${collection.name} records`}
              aria-busy={records.isFetching}
              style={{ opacity: records.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                {table.getHeaderGroups().map((group) => (
                  <Table.Tr key={group.id}>
                    {group.headers.map((header) => {
                      const sorted = header.column.getIsSorted();
                      const canSort = header.column.getCanSort();
                      return (
                        <Table.Th
                          key={header.id}
                          aria-sort={
                            sorted === 'asc'
                              ? 'ascending'
                              : sorted === 'desc'
                                ? 'descending'
                                : canSort
                                  ? 'none'
                                  : undefined
                          }
                          w={header.column.id === 'select' ? 36 : undefined}
                        >
                          {canSort ? (
                            <UnstyledButton
                              onClick={header.column.getToggleSortingHandler()}
                              fw={600}
                              fz="sm"
                              aria-label={`Sort by ${header.column.id}`}
                            >
                              <table.FlexRender header={header} />{' '}
                              <Text span c={sorted ? 'indigo' : 'dimmed'} size="xs">
                                {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                              </Text>
                            </UnstyledButton>
                          ) : (
                            <table.FlexRender header={header} />
                          )}
                        </Table.Th>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Thead>
              <Table.Tbody>
                {table.getRowModel().rows.map((row) => (
                  <Table.Tr
                    key={row.id}
                    data-clickable="true"
                    data-live={live.recent.get(row.id)}
                    className={live.recent.has(row.id) ? 'live-changed' : undefined}
                    bg={row.getIsSelected() ? 'indigo.0' : undefined}
                    onClick={() => setEditing(row.original.id)}
                  >
                    {row.getVisibleCells().map((cell) => (
                      <Table.Td key={cell.id}>
                        <table.FlexRender cell={cell} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {records.data.data.length === 0 && (
            <Card withBorder>
              <EmptyState
                title={filter ? 'No records match the filter' : 'No records yet'}
                description={
                  filter
                    ? 'Change or clear the filter.'
                    : 'Records created here or through the API appear in this table.'
                }
              >
                {!filter && !collection.system && (
                  <EmptyState.Actions>
                    <Button onClick={() => setEditing('new')}>Create a record</Button>
                  </EmptyState.Actions>
                )}
              </EmptyState>
            </Card>
          )}
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm" c="dimmed" role="status">
              {total === 0
                ? '0 records'
                : `${(page - 1) * pageSize + 1}–${Math.min(page * pageSize, total)} of ${total.toLocaleString()} record${total === 1 ? '' : 's'}`}
            </Text>
            <Group gap="xs">
              <Tooltip label="Records per page">
                <Select
                  aria-label="Records per page"
                  w={80}
                  size="xs"
                  data={PAGE_SIZES}
                  value={String(pageSize)}
                  allowDeselect={false}
                  onChange={(value) => {
                    setPageSize(Number(value ?? 20));
                    setPage(1);
                  }}
                />
              </Tooltip>
              <Pagination
                total={pages}
                value={page}
                onChange={setPage}
                size="sm"
                aria-label="Pages"
                getControlProps={paginationControlProps}
              />
            </Group>
          </Group>
        </>
      )}

      <RecordDrawer
        collection={collection}
        collections={all}
        target={editing}
        remoteVersions={live.versions}
        onClose={() => setEditing(null)}
      />
      <FilterBuilder
        opened={builderOpen}
        text={filterInput}
        scope={expressionScope}
        onClose={() => setBuilderOpen(false)}
        onUse={(text) => {
          setBuilderOpen(false);
          setFilterInput(text);
          submitFilter(text);
        }}
      />
      <FilePreviewModal previewed={previewed} onClose={() => setPreviewed(null)} />
      <ImportModal collection={collection.name} opened={transfer === 'import'} onClose={() => setTransfer(null)} />
      <ExportModal
        collection={collection.name}
        filter={filter}
        sort={sortParam(sorting)}
        visibleFields={table
          .getVisibleLeafColumns()
          .map((column) => column.id)
          .filter((id) => id !== 'select')}
        opened={transfer === 'export'}
        onClose={() => setTransfer(null)}
      />
      <ConfirmModal
        opened={confirmBulk}
        onClose={() => setConfirmBulk(false)}
        title={`Delete ${selectedIds.length} record${selectedIds.length === 1 ? '' : 's'}?`}
        confirmLabel={`Delete ${selectedIds.length} record${selectedIds.length === 1 ? '' : 's'}`}
        loading={bulkDelete.isPending}
        onConfirm={() =>
          bulkDelete.mutate(selectedIds, {
            onSuccess: (deleted) => {
              setConfirmBulk(false);
              setRowSelection({});
              notifications.show({ color: 'green', message: `${deleted} record${deleted === 1 ? '' : 's'} deleted` });
            },
          })
        }
      >
        <Stack gap="xs">
          <Text size="sm">The selected records are deleted in one transaction. This cannot be undone.</Text>
          <DeleteEffectsNotice
            collection={collection.name}
            collections={all}
            ids={selectedIds}
            deleteError={bulkDelete.error}
          />
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}

const LIVE_LABELS: Record<LiveStatus, { color: string; label: string; hint: string }> = {
  live: { color: 'green', label: 'Live', hint: 'Changes made anywhere appear here as they happen.' },
  connecting: { color: 'gray', label: 'Connecting…', hint: 'Opening the live connection.' },
  offline: {
    color: 'orange',
    label: 'Offline',
    hint: 'The live connection dropped; reconnecting. Reload to refresh by hand.',
  },
};

/** Whether the table follows changes as they happen. */
function LiveIndicator({ status }: { status: LiveStatus }) {
  const { color, label, hint } = LIVE_LABELS[status];
  return (
    <Tooltip label={hint}>
      <Badge color={color} variant="dot" size="lg" role="status" aria-label={`Live updates: ${label}`}>
        {label}
      </Badge>
    </Tooltip>
  );
}
