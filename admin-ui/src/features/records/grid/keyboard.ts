// The grid's keyboard model as pure functions: which key moves the active cell where, which
// starts an edit, and the rectangle a Shift-extended selection covers. The component only maps
// events to these answers, so the model is tested without a browser.

export interface CellPos {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
  /** Rows one PageUp/PageDown moves. */
  pageRows: number;
}

/** What a key press means in the grid when no cell is being edited. */
export type GridKeyAction =
  | { kind: 'move'; to: CellPos; extend: boolean }
  | { kind: 'edit'; text?: string }
  | { kind: 'clear' }
  | { kind: 'undo' }
  | { kind: 'open' }
  | { kind: 'none' };

export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(max, value));

/** The cell a navigation key leads to, or null when the key does not navigate. */
export function moveTarget(from: CellPos, key: KeyLike, size: GridSize): CellPos | null {
  const lastRow = size.rows - 1;
  const lastCol = size.cols - 1;
  const mod = key.ctrlKey === true || key.metaKey === true;
  switch (key.key) {
    case 'ArrowUp':
      return { row: mod ? 0 : clamp(from.row - 1, lastRow), col: from.col };
    case 'ArrowDown':
      return { row: mod ? lastRow : clamp(from.row + 1, lastRow), col: from.col };
    case 'ArrowLeft':
      return { row: from.row, col: mod ? 0 : clamp(from.col - 1, lastCol) };
    case 'ArrowRight':
      return { row: from.row, col: mod ? lastCol : clamp(from.col + 1, lastCol) };
    case 'Home':
      return mod ? { row: 0, col: 0 } : { row: from.row, col: 0 };
    case 'End':
      return mod ? { row: lastRow, col: lastCol } : { row: from.row, col: lastCol };
    case 'PageUp':
      return { row: clamp(from.row - size.pageRows, lastRow), col: from.col };
    case 'PageDown':
      return { row: clamp(from.row + size.pageRows, lastRow), col: from.col };
    case 'Tab':
      return tabTarget(from, key.shiftKey === true, size);
    default:
      return null;
  }
}

/** Tab walks the row and wraps to the next (Shift: previous) row; it stops at the ends. */
export function tabTarget(from: CellPos, backwards: boolean, size: GridSize): CellPos | null {
  const lastCol = size.cols - 1;
  if (backwards) {
    if (from.col > 0) return { row: from.row, col: from.col - 1 };
    return from.row > 0 ? { row: from.row - 1, col: lastCol } : null;
  }
  if (from.col < lastCol) return { row: from.row, col: from.col + 1 };
  return from.row < size.rows - 1 ? { row: from.row + 1, col: 0 } : null;
}

/** A key that types a character (no modifier but Shift). */
export function isPrintable(key: KeyLike): boolean {
  return key.key.length === 1 && key.ctrlKey !== true && key.metaKey !== true && key.altKey !== true;
}

export function gridKeyAction(from: CellPos, key: KeyLike, size: GridSize): GridKeyAction {
  const mod = key.ctrlKey === true || key.metaKey === true;
  if (mod && key.key.toLowerCase() === 'z' && key.shiftKey !== true) return { kind: 'undo' };
  if (key.key === 'Enter' && key.shiftKey === true) return { kind: 'open' };
  if (key.key === 'Enter' || key.key === 'F2') return { kind: 'edit' };
  if (key.key === 'Delete' || key.key === 'Backspace') return { kind: 'clear' };
  if (key.key === ' ' && key.shiftKey !== true) return { kind: 'edit', text: ' ' };
  if (isPrintable(key)) return { kind: 'edit', text: key.key };
  const to = moveTarget(from, key, size);
  if (to === null) return { kind: 'none' };
  // Shift extends the range with arrows, Home/End and Page keys; Shift+Tab only goes back.
  return { kind: 'move', to, extend: key.shiftKey === true && key.key !== 'Tab' };
}

/** Where the active cell goes after an edit is committed with Enter (down) or Tab (right). */
export function afterCommit(from: CellPos, key: 'Enter' | 'Tab', backwards: boolean, size: GridSize): CellPos {
  if (key === 'Tab') return tabTarget(from, backwards, size) ?? from;
  return { row: clamp(from.row + (backwards ? -1 : 1), size.rows - 1), col: from.col };
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The rectangle between the anchor of a selection and its moving end. */
export function rangeOf(anchor: CellPos, focus: CellPos): CellRange {
  return {
    top: Math.min(anchor.row, focus.row),
    bottom: Math.max(anchor.row, focus.row),
    left: Math.min(anchor.col, focus.col),
    right: Math.max(anchor.col, focus.col),
  };
}

export function inRange(range: CellRange, cell: CellPos): boolean {
  return cell.row >= range.top && cell.row <= range.bottom && cell.col >= range.left && cell.col <= range.right;
}
