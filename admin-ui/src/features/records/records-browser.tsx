// The records of a collection: a server-paginated, server-sorted spreadsheet-like grid (see
// grid/records-grid.tsx) with a filter box in the expression language, a choice of columns,
// row selection with bulk edit and bulk delete, a record form, paste of rows from a
// spreadsheet, and import from a file / export of what the grid shows. Filter, sort and page
// live in the URL, so a view can be reloaded and shared.
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
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage, expressionIssue, type CollectionDefinition } from '../../api';
import { ConfirmModal } from '../../components/confirm-modal';
import { ExpressionError } from '../../components/expression-error';
import { LoadingBlock } from '../../components/loading-block';
import { paginationControlProps } from '../../components/pagination-labels';
import { ProblemAlert } from '../../components/problem-alert';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { useBulkDeleteRecordsMutation } from '../../data/records/records-bulk-delete-mutation';
import { useRecordsQuery } from '../../data/records/records-query';
import { useLiveRecords, type LiveStatus } from '../../data/records/live-records';
import { filterExample } from '../expressions/expression-examples';
import { FilterBuilder } from '../expressions/filter-builder';
import { LazyExpressionInput } from '../expressions/lazy-expression-input';
import { useExpressionScope } from '../expressions/use-expression-scope';
import { DeleteEffectsNotice } from './delete-effects-notice';
import { ExportModal } from './export-modal';
import { FilePreviewModal, type PreviewedFile } from './file-preview-modal';
import { BulkEditModal } from './grid/bulk-edit-modal';
import { PasteRowsModal } from './grid/paste-rows-modal';
import { RecordsGrid } from './grid/records-grid';
import { useCellEdits } from './grid/use-cell-edits';
import { CONTROL_COLUMNS, expandParam, useRecordsTable } from './grid/use-records-table';
import { PAGE_SIZES, readGridView, writeGridView, type GridView } from './grid/url-state';
import { ImportModal } from './import-modal';
import { RecordDrawer } from './record-form';
import { sortParam } from './sort-param';

export function RecordsBrowser({ collection }: { collection: CollectionDefinition }) {
  const collections = useCollectionsQuery();
  const all = collections.data ?? [collection];
  const [params, setParams] = useSearchParams();
  const view = readGridView(params);
  const { filter, sort: sorting, page, pageSize } = view;
  const setView = (change: Partial<GridView>) =>
    setParams((current) => writeGridView({ ...readGridView(current), ...change }, current), { replace: true });
  const [filterInput, setFilterInput] = useState(filter);
  const [builderOpen, setBuilderOpen] = useState(false);
  const expressionScope = useExpressionScope(collection);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmBulk, setConfirmBulk] = useState(false);
  const [dialog, setDialog] = useState<'import' | 'export' | 'bulk-edit' | 'paste' | null>(null);
  const [previewed, setPreviewed] = useState<PreviewedFile | null>(null);
  const expand = expandParam(collection);

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
  const edits = useCellEdits(collection.name);
  const filterIssue = expressionIssue(records.error, 'filter');

  const { table, columnSizing, selectedIds, clearSelection } = useRecordsTable({
    collection,
    collections: all,
    rows: records.data?.data,
    sorting,
    onSortingChange: (next) => setView({ sort: next, page: 1 }),
    onOpen: setEditing,
    onOpenFile: setPreviewed,
  });
  const transfer = dialog === 'import' || dialog === 'export' ? dialog : null;
  const setTransfer = (next: 'import' | 'export' | null) => setDialog(next);
  const total = records.data?.meta.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));

  const submitFilter = (text: string) => {
    setView({ filter: text.trim(), page: 1 });
    clearSelection();
  };
  const applyFilter = (event: FormEvent) => {
    event.preventDefault();
    submitFilter(filterInput);
  };
  const undo = () =>
    edits.undo().then(
      (message) => notifications.show({ color: 'blue', message }),
      (error: unknown) =>
        notifications.show({ color: 'red', title: 'Nothing was undone', message: errorMessage(error) }),
    );

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
                    setView({ filter: '', page: 1 });
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
          {edits.canUndo && (
            <Tooltip label="Ctrl+Z in the grid">
              <Button variant="default" loading={edits.busy} onClick={() => void undo()}>
                Undo last change
              </Button>
            </Tooltip>
          )}
          {!collection.system && (
            <Button variant="default" onClick={() => setDialog('bulk-edit')}>
              {selectedIds.length > 0 ? `Edit selected (${selectedIds.length})` : 'Bulk edit'}
            </Button>
          )}
          {selectedIds.length > 0 && (
            <Button color="red" variant="light" onClick={() => setConfirmBulk(true)}>
              Delete selected ({selectedIds.length})
            </Button>
          )}
          {!collection.system && (
            <Button variant="default" onClick={() => setDialog('paste')}>
              Paste rows
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
          <RecordsGrid
            table={table}
            columnSizing={columnSizing}
            collection={collection}
            collections={all}
            rows={records.data.data}
            total={total}
            offset={(page - 1) * pageSize}
            busy={records.isFetching}
            dimmed={records.isPlaceholderData}
            live={live}
            edits={edits}
            onOpen={setEditing}
          />
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
                  data={PAGE_SIZES.map(String)}
                  value={String(pageSize)}
                  allowDeselect={false}
                  onChange={(value) => setView({ pageSize: Number(value ?? 20), page: 1 })}
                />
              </Tooltip>
              <Pagination
                total={pages}
                value={page}
                onChange={(next) => setView({ page: next })}
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
          .filter((id) => !CONTROL_COLUMNS.has(id))}
        opened={transfer === 'export'}
        onClose={() => setTransfer(null)}
      />
      {dialog === 'bulk-edit' && (
        <BulkEditModal
          opened
          onClose={() => setDialog(null)}
          collection={collection}
          collections={all}
          selectedIds={selectedIds}
          filter={filter}
          matching={total}
          onDone={clearSelection}
        />
      )}
      <PasteRowsModal
        opened={dialog === 'paste'}
        onClose={() => setDialog(null)}
        collection={collection}
        columnOrder={table.getVisibleLeafColumns().map((column) => column.id)}
        onCreated={() => undefined}
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
              clearSelection();
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
