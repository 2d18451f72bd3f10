// One row of the records grid, memoised: scrolling re-renders the grid on every frame, and only
// the rows that came into view (or whose record, selection, active cell, range or drafts
// changed) render again. Everything a row shows is in its props; what it does goes through the
// grid's `actions`, a ref that always holds the grid's latest handlers.
import { memo, type MutableRefObject, type PointerEvent as ReactPointerEvent } from 'react';
import type { CollectionDefinition, FieldDefinition, RecordData } from '../../../api';
import type { LiveAction } from '../../../data/records/live-records';
import type { InputValue } from '../record-values';
import { cellTitle } from '../cell-value';
import { CellEditor, type CommitKey } from './cell-editor';
import { DraftCell } from './draft-cell';
import type { CellPos } from './keyboard';
import { cellKey, type CellDraft } from './use-cell-edits';
import type { RecordsTable } from './use-records-table';

/** The grid's columns as rows draw them; rebuilt only when columns, widths or schema change. */
export interface RowLayout {
  columns: ReturnType<RecordsTable['getAllLeafColumns']>;
  /** The field behind each column (undefined for control and system columns). */
  fields: (FieldDefinition | undefined)[];
  /** The display field of each relation column's target, for cell titles. */
  displays: (string | null)[];
  editable: boolean[];
  /** Left offsets of the pinned columns. */
  starts: number[];
  widths: number[];
  /** How narrow each column may be resized. */
  minWidths: number[];
  pinnedCount: number;
}

export interface EditingCell {
  row: number;
  col: number;
  initial: InputValue;
  /** The version the edit began from: a save is conditional on it (If-Match). */
  version: number;
}

export interface RowActions {
  pointerDown: (pos: CellPos, event: ReactPointerEvent) => void;
  focus: (pos: CellPos) => void;
  edit: (pos: CellPos) => void;
  commit: (value: InputValue, how: CommitKey) => void;
  cancel: () => void;
}

interface GridRowProps {
  table: RecordsTable;
  layout: RowLayout;
  collections: readonly CollectionDefinition[];
  record: RecordData;
  index: number;
  ariaRowIndex: number;
  selected: boolean;
  live: LiveAction | undefined;
  /** The column of the active cell when it is in this row, else -1. */
  activeCol: number;
  /** The column that takes Tab focus in this row, else -1. */
  focusableCol: number;
  /** The cell being edited when it is in this row. */
  editing: EditingCell | null;
  /** The columns of the selected range when it covers this row, else -1 and -1. */
  rangeLeft: number;
  rangeRight: number;
  drafts: ReadonlyMap<string, CellDraft>;
  actions: MutableRefObject<RowActions>;
}

export const GridRow = memo(function GridRow(props: GridRowProps) {
  const { layout, record, index, editing, actions } = props;
  const row = props.table.getRow(record.id);
  const cells = new Map(row.getVisibleCells().map((cell) => [cell.column.id, cell]));
  return (
    <tr
      role="row"
      aria-rowindex={props.ariaRowIndex}
      aria-selected={props.selected}
      data-live={props.live}
      className={props.live ? 'live-changed' : undefined}
    >
      {layout.columns.map((column, col) => {
        const pos = { row: index, col };
        const cell = cells.get(column.id);
        const field = layout.fields[col];
        const isActive = props.activeCol === col;
        const isEditing = editing?.col === col;
        const draft = field ? props.drafts.get(cellKey(record.id, field.name)) : undefined;
        const pinned = col < layout.pinnedCount;
        return (
          <td
            key={column.id}
            role="gridcell"
            aria-colindex={col + 1}
            aria-selected={col >= props.rangeLeft && col <= props.rangeRight && props.rangeLeft >= 0}
            aria-readonly={!layout.editable[col] || undefined}
            aria-invalid={draft?.message ? true : undefined}
            data-row={index}
            data-col={col}
            data-active={isActive || undefined}
            data-invalid={draft?.message ? true : undefined}
            tabIndex={props.focusableCol === col ? 0 : -1}
            className={cellClass(isEditing, pinned, col === layout.pinnedCount - 1)}
            style={pinned ? { left: layout.starts[col] } : undefined}
            title={
              field && !isEditing
                ? (draft?.message ?? cellTitle(field, record, layout.displays[col] ?? null))
                : undefined
            }
            onPointerDown={(event) => actions.current.pointerDown(pos, event)}
            onFocus={() => actions.current.focus(pos)}
            onDoubleClick={() => actions.current.edit(pos)}
          >
            {isEditing && editing && field ? (
              <CellEditor
                field={field}
                collections={props.collections}
                initial={editing.initial}
                onCommit={(value, how) => actions.current.commit(value, how)}
                onCancel={() => actions.current.cancel()}
              />
            ) : draft ? (
              <DraftCell draft={draft} active={isActive} />
            ) : (
              cell && <props.table.FlexRender cell={cell} />
            )}
          </td>
        );
      })}
    </tr>
  );
});

function cellClass(editing: boolean, pinned: boolean, lastPinned: boolean): string | undefined {
  const names = [editing ? 'editing' : '', pinned ? 'pinned' : '', lastPinned ? 'pinned-last' : ''].filter(Boolean);
  return names.length > 0 ? names.join(' ') : undefined;
}
