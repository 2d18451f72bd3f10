// The records grid: a virtualised ARIA grid over the loaded page. Arrow keys, Tab, Home/End and
// PageUp/PageDown move the active cell (Shift extends a range); Enter, F2 or typing edits;
// Delete clears; Ctrl+C/Ctrl+V copy and paste a cell or a range as tab-separated text (rows
// past the end become new records); Ctrl+Z undoes the last change; Shift+Enter opens the form.
// Columns fit the width there is, can be resized (drag or keyboard) and pinned to the left.
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { errorMessage, type CollectionDefinition, type FieldDefinition, type RecordData } from '../../../api';
import type { LiveRecords } from '../../../data/records/live-records';
import { fieldTypeUi } from '../../../field-types';
import { displayFieldOf } from '../display-field';
import { fromInputValue, toInputValue, type InputValue } from '../record-values';
import type { CommitKey } from './cell-editor';
import { GridHeader, MIN_WIDTH } from './grid-header';
import { GridRow, type EditingCell, type RowActions, type RowLayout } from './grid-row';
import { cellText, isCellEditable, pastedValue } from './cell-text';
import { fieldWidth, fitColumns, SYSTEM_WIDTHS, type ColumnWidth } from './column-layout';
import { afterCommit, gridKeyAction, rangeOf, type CellPos, type GridSize } from './keyboard';
import { cellProblem } from './paste-rows';
import { parseTsv, toTsv } from './tsv';
import { cellKey, type CellEdits, type PastedUpdate } from './use-cell-edits';
import { CONTROL_COLUMNS, type RecordsTable } from './use-records-table';
import './records-grid.css';

const ROW_HEIGHT = 37;

interface RecordsGridProps {
  table: RecordsTable;
  /** Widths the user set, by column; the others are fitted. */
  columnSizing: Readonly<Record<string, number>>;
  collection: CollectionDefinition;
  collections: readonly CollectionDefinition[];
  rows: RecordData[];
  /** Records matching the filter on the server (for aria-rowcount), and where this page starts. */
  total: number;
  offset: number;
  busy: boolean;
  dimmed: boolean;
  live: LiveRecords;
  edits: CellEdits;
  onOpen: (id: string) => void;
}

export function RecordsGrid(props: RecordsGridProps) {
  const { table, collection, collections, rows, edits } = props;
  const fields = new Map(collection.fields.map((field) => [field.name, field]));
  const columns = [
    ...table.getStartVisibleLeafColumns(),
    ...table.getCenterVisibleLeafColumns(),
    ...table.getEndVisibleLeafColumns(),
  ];
  const pinnedCount = table.getStartVisibleLeafColumns().length;

  const scrollRef = useRef<HTMLDivElement>(null);
  const { ref: sizeRef, width: available } = useElementSize<HTMLDivElement>();
  const mergedRef = useMergedRef(scrollRef, sizeRef);
  const [active, setActive] = useState<CellPos | null>(null);
  const [anchor, setAnchor] = useState<CellPos | null>(null);
  const [editing, setEditing] = useState<EditingCell | null>(null);
  // Read by the deferred focus below: an edit may have started since it was scheduled.
  const editingNow = useRef(editing);
  editingNow.current = editing;
  const focusPending = useRef(false);

  const widthOf = (id: string): ColumnWidth => {
    const field = fields.get(id);
    return field ? fieldWidth(field) : (SYSTEM_WIDTHS[id] ?? { size: 150, min: 100 });
  };
  const widths = fitColumns(
    columns.map((column) => ({ id: column.id, width: widthOf(column.id), grow: fields.has(column.id) })),
    Math.max(0, available - 2),
    props.columnSizing,
  );
  const starts: number[] = [];
  columns.reduce((left, column, index) => {
    starts[index] = left;
    return left + (widths[column.id] ?? 0);
  }, 0);
  const totalWidth = columns.reduce((sum, column) => sum + (widths[column.id] ?? 0), 0);

  // What rows draw, kept while columns, widths and schema stay: rows memoise on it.
  const layoutKey = `${pinnedCount}|${columns.map((column) => `${column.id}:${widths[column.id]}`).join('|')}`;
  const layout = useMemo((): RowLayout => {
    const rowFields = columns.map((column) => fields.get(column.id));
    return {
      columns,
      fields: rowFields,
      displays: rowFields.map((field) =>
        field?.type === 'relation'
          ? displayFieldOf(collections.find((item) => item.name === field.options.target))
          : null,
      ),
      editable: rowFields.map((field) => field !== undefined && isCellEditable(field)),
      starts,
      widths: columns.map((column) => widths[column.id] ?? 0),
      minWidths: columns.map((column) => Math.min(MIN_WIDTH, widthOf(column.id).min)),
      pinnedCount,
    };
    // layoutKey stands for the columns, their widths and the pins.
  }, [layoutKey, collection, collections]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    scrollPaddingStart: ROW_HEIGHT, // the sticky header covers the first row's height
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const size: GridSize = {
    rows: rows.length,
    cols: columns.length,
    pageRows: Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - ROW_HEIGHT) / ROW_HEIGHT)),
  };
  const range = active && anchor ? rangeOf(anchor, active) : null;

  // The active cell leaves the page when rows go (a filter, another page): start again.
  const safeActive = active && active.row < rows.length && active.col < columns.length ? active : null;

  useEffect(() => {
    if (!focusPending.current || !safeActive || editing) return;
    focusPending.current = false;
    virtualizer.scrollToIndex(safeActive.row, { align: 'auto' });
    requestAnimationFrame(() => {
      // A key typed within this frame may have opened an editor: the cell must not take its focus.
      if (editingNow.current) return;
      const cell = scrollRef.current?.querySelector<HTMLElement>(
        `[data-row="${safeActive.row}"][data-col="${safeActive.col}"]`,
      );
      cell?.focus({ preventScroll: false });
    });
  });

  const moveTo = (to: CellPos, extend = false) => {
    focusPending.current = true;
    setActive(to);
    if (!extend) setAnchor(to);
  };

  const fieldAt = (col: number): FieldDefinition | undefined => fields.get(columns[col]?.id ?? '');
  const recordAt = (row: number): RecordData | undefined => rows[row];

  const notifyError = (error: unknown) =>
    notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(error) });

  const startEdit = (pos: CellPos, typed?: string) => {
    const field = fieldAt(pos.col);
    const record = recordAt(pos.row);
    if (!record) return;
    const column = columns[pos.col];
    if (column?.id === 'select') return record && table.getRow(record.id).toggleSelected();
    if (column?.id === 'open') return props.onOpen(record.id);
    if (!field || !isCellEditable(field)) {
      if (typed === undefined) props.onOpen(record.id);
      return;
    }
    if (field.type === 'boolean') {
      if (typed === undefined || typed === ' ') {
        void edits.saveCell(record, field.name, record[field.name] !== true, String(record[field.name] !== true));
      }
      return;
    }
    const draft = edits.drafts.get(cellKey(record.id, field.name));
    const kind = fieldTypeUi(field.type).value;
    const typedInto = typed !== undefined && !['multi_select', 'relation', 'json', 'select'].includes(kind);
    const initial: InputValue = typedInto
      ? typed
      : draft !== undefined
        ? textAsInput(field, draft.text)
        : toInputValue(field, record[field.name]);
    setActive(pos);
    setAnchor(pos);
    setEditing({ ...pos, initial, version: record.version });
  };

  const commit = (value: InputValue, how: CommitKey) => {
    if (!editing) return;
    const field = fieldAt(editing.col);
    const current = recordAt(editing.row);
    // Live updates may have refreshed the row meanwhile; the save still claims the version the
    // user started from, so a change made elsewhere is answered 412, not overwritten.
    const record: RecordData | undefined = current ? { ...current, version: editing.version } : undefined;
    const from = { row: editing.row, col: editing.col };
    setEditing(null);
    if (how !== 'blur') {
      const key = how === 'Tab' || how === 'ShiftTab' ? 'Tab' : 'Enter';
      moveTo(afterCommit(from, key, how === 'ShiftTab' || how === 'ShiftEnter', size));
    }
    if (!field || !record) return;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const converted = fromInputValue(field, value);
    if ('skip' in converted) return;
    if ('error' in converted) {
      edits.keepInvalid(record.id, field.name, text, converted.error);
      return;
    }
    const unchanged = JSON.stringify(converted.value ?? null) === JSON.stringify(record[field.name] ?? null);
    if (unchanged && !edits.drafts.has(cellKey(record.id, field.name))) return;
    void edits.saveCell(record, field.name, converted.value, text);
  };

  const cancel = () => {
    if (!editing) return;
    const record = recordAt(editing.row);
    const field = fieldAt(editing.col);
    // Escape on a failed cell gives up what was typed: the stored value shows again.
    if (record && field) edits.discardDraft(record.id, field.name);
    moveTo({ row: editing.row, col: editing.col });
    setEditing(null);
  };

  const clearRange = () => {
    if (!range) return;
    for (let row = range.top; row <= range.bottom; row += 1) {
      for (let col = range.left; col <= range.right; col += 1) {
        const field = fieldAt(col);
        const record = recordAt(row);
        if (!field || !record || !isCellEditable(field) || field.type === 'boolean') continue;
        if (record[field.name] === null || record[field.name] === undefined) continue;
        const empty = field.type === 'multi_select' ? [] : null;
        void edits.saveCell(record, field.name, empty, '');
      }
    }
  };

  const undo = () => {
    edits.undo().then(
      (message) => notifications.show({ color: 'blue', message }),
      (error: unknown) => notifyError(error),
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (editing || !safeActive) return;
    const target = event.target as HTMLElement;
    if (target.closest('thead')) return; // header buttons keep their keys
    if ((event.ctrlKey || event.metaKey) && !event.altKey && ['c', 'v'].includes(event.key.toLowerCase())) {
      toClipboardArea(event.key.toLowerCase() === 'c' ? rangeText() : ''); // the browser's copy/paste follows
      return;
    }
    const action = gridKeyAction(safeActive, event, size);
    switch (action.kind) {
      case 'move':
        event.preventDefault();
        moveTo(action.to, action.extend);
        return;
      case 'edit':
        event.preventDefault();
        startEdit(safeActive, action.text);
        return;
      case 'clear':
        event.preventDefault();
        clearRange();
        return;
      case 'undo':
        event.preventDefault();
        undo();
        return;
      case 'open': {
        event.preventDefault();
        const record = recordAt(safeActive.row);
        if (record) props.onOpen(record.id);
        return;
      }
      case 'none':
        return;
    }
  };

  /** The selected range as tab-separated text, control columns left out. */
  const rangeText = (): string => {
    if (!range) return '';
    const lines: string[][] = [];
    for (let row = range.top; row <= range.bottom; row += 1) {
      const record = recordAt(row);
      const line: string[] = [];
      for (let col = range.left; col <= range.right; col += 1) {
        const id = columns[col]?.id ?? '';
        if (CONTROL_COLUMNS.has(id)) continue;
        line.push(cellText(fields.get(id), record?.[id]));
      }
      lines.push(line);
    }
    return toTsv(lines);
  };

  const onCopy = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    event.preventDefault();
    event.clipboardData.setData('text/plain', rangeText());
    focusActiveCell();
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    event.preventDefault();
    const text = event.clipboardData.getData('text/plain');
    focusActiveCell();
    if (!editing && safeActive) pasteText(text, safeActive);
  };

  /** A pasted block, from `at` to the right and down; rows past the end become new records. */
  const pasteText = (text: string, at: CellPos) => {
    const pasted = parseTsv(text);
    if (pasted.length === 0) return;
    // The pasted block starts at the active cell and covers data columns only.
    const targetCols = columns
      .map((column, index) => ({ id: column.id, index }))
      .filter(({ id, index }) => index >= at.col && !CONTROL_COLUMNS.has(id));
    const updates: PastedUpdate[] = [];
    const created: Record<string, unknown>[] = [];
    const problems: string[] = [];
    pasted.forEach((cells, offset) => {
      const record = recordAt(at.row + offset);
      const values: Record<string, unknown> = {};
      const texts: Record<string, string> = {};
      cells.forEach((text, index) => {
        const field = fields.get(targetCols[index]?.id ?? '');
        if (!field || !isCellEditable(field)) return;
        const converted = pastedValue(field, text);
        if ('error' in converted) problems.push(cellProblem(offset + 1, field.name, converted.error));
        else if ('value' in converted) {
          // New records leave empty cells to their defaults.
          if (!record && (converted.value === null || converted.value === '')) return;
          values[field.name] = converted.value;
          texts[field.name] = text;
        }
      });
      if (Object.keys(values).length === 0) return;
      if (record) updates.push({ record, values, texts });
      else created.push(values);
    });
    if (problems.length > 0) {
      notifications.show({ color: 'red', title: 'Nothing was pasted', message: problems.slice(0, 3).join(' ') });
      return;
    }
    setAnchor(at);
    focusPending.current = true;
    setActive({
      row: Math.min(rows.length - 1, at.row + pasted.length - 1),
      col: targetCols[Math.min(targetCols.length, Math.max(...pasted.map((cells) => cells.length))) - 1]?.index ?? 0,
    });
    edits.paste(updates, created).then(
      (result) =>
        notifications.show({
          color: result.failed > 0 || result.error ? 'red' : 'green',
          message: pasteSummary(result),
        }),
      notifyError,
    );
  };

  // A focused cell is not editable, so a browser runs no copy or paste for it (nothing is
  // selected, nowhere to paste). On Ctrl/⌘+C or V, focus moves for that one key press to a hidden
  // text area in the grid, whose copy and paste events the grid answers; then back to the cell.
  const clipboardRef = useRef<HTMLTextAreaElement>(null);
  const focusActiveCell = () => {
    if (!safeActive) return;
    scrollRef.current
      ?.querySelector<HTMLElement>(`[data-row="${safeActive.row}"][data-col="${safeActive.col}"]`)
      ?.focus({ preventScroll: true });
  };
  const toClipboardArea = (text: string) => {
    const area = clipboardRef.current;
    if (!area) return;
    area.value = text;
    area.focus({ preventScroll: true });
    area.select();
  };

  const onCellPointer = (pos: CellPos, event: ReactPointerEvent) => {
    if (editing && (editing.row !== pos.row || editing.col !== pos.col)) return;
    if (event.shiftKey && safeActive) {
      setActive(pos);
      return;
    }
    setActive(pos);
    setAnchor(pos);
  };

  const onCellFocus = (pos: CellPos) => {
    if (safeActive) return;
    setActive(pos);
    setAnchor(pos);
  };

  // Rows call the handlers of the latest render through this ref, so a memoised row that did
  // not render again never acts on an old page, size or edit.
  const actions = useRef<RowActions>({
    pointerDown: onCellPointer,
    focus: onCellFocus,
    edit: startEdit,
    commit,
    cancel,
  });
  actions.current = { pointerDown: onCellPointer, focus: onCellFocus, edit: startEdit, commit, cancel };

  return (
    <div
      ref={mergedRef}
      className="records-grid-scroll"
      style={{ opacity: props.dimmed ? 0.6 : 1 }}
      data-testid="records-grid-scroll"
    >
      <textarea
        ref={clipboardRef}
        className="grid-clipboard"
        aria-hidden="true"
        tabIndex={-1}
        onCopy={onCopy}
        onPaste={onPaste}
        // A key press that was not a copy or paste after all: back to the cell.
        onKeyUp={focusActiveCell}
        onBlur={(event) => {
          event.currentTarget.value = '';
        }}
      />
      <table
        role="grid"
        className="records-grid"
        aria-label={`${collection.name} records`}
        aria-busy={props.busy}
        aria-rowcount={props.total + 1}
        aria-colcount={columns.length}
        aria-multiselectable
        style={{ width: totalWidth }}
        onKeyDown={onKeyDown}
      >
        <colgroup>
          {columns.map((column) => (
            <col key={column.id} style={{ width: widths[column.id] }} />
          ))}
        </colgroup>
        <GridHeader
          table={table}
          layout={layout}
          sortKey={columns.map((column) => `${column.getIsSorted() || ''}${column.getSortIndex()}`).join(',')}
          selectionKey={`${table.getIsAllPageRowsSelected()}|${table.getIsSomePageRowsSelected()}`}
        />
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={columns.length} style={{ padding: 0, border: 0, height: padTop }} />
            </tr>
          )}
          {items.map((item) => {
            const record = rows[item.index];
            if (!record) return null;
            const inRows = range !== null && item.index >= range.top && item.index <= range.bottom;
            return (
              <GridRow
                key={record.id}
                table={table}
                layout={layout}
                collections={collections}
                record={record}
                index={item.index}
                ariaRowIndex={props.offset + item.index + 2}
                selected={table.getRow(record.id).getIsSelected()}
                live={props.live.recent.get(record.id)}
                activeCol={safeActive?.row === item.index ? safeActive.col : -1}
                focusableCol={
                  safeActive ? (safeActive.row === item.index ? safeActive.col : -1) : item.index === 0 ? 0 : -1
                }
                editing={editing?.row === item.index ? editing : null}
                rangeLeft={inRows ? range.left : -1}
                rangeRight={inRows ? range.right : -1}
                drafts={edits.drafts}
                actions={actions}
              />
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={columns.length} style={{ padding: 0, border: 0, height: padBottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function textAsInput(field: FieldDefinition, text: string): InputValue {
  const kind = fieldTypeUi(field.type).value;
  if (kind === 'multi_select') return text === '' ? [] : text.split(/\s*,\s*/);
  if (kind === 'boolean') return text === 'true';
  return text;
}

function pasteSummary(result: { updated: number; created: number; failed: number; error?: string }): string {
  const counts = [
    result.updated > 0 ? `${result.updated} record${result.updated === 1 ? '' : 's'} updated` : '',
    result.created > 0 ? `${result.created} record${result.created === 1 ? '' : 's'} created` : '',
    result.failed > 0 ? `${result.failed} row${result.failed === 1 ? '' : 's'} failed (see the cells)` : '',
  ].filter(Boolean);
  // Counts start with a digit; the server's detail after them is a sentence of its own.
  const sentences = [
    counts.length > 0 ? `${counts.join(', ')}.` : '',
    result.error ? `New rows were not created: ${result.error}` : '',
  ].filter(Boolean);
  return sentences.length > 0 ? sentences.join(' ') : 'Nothing to paste.';
}
