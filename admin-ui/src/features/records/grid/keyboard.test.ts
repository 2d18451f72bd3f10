// The grid's keyboard model: moves, wrapping Tab, edits started by typing, ranges.
import { describe, expect, it } from 'vitest';
import { afterCommit, gridKeyAction, inRange, moveTarget, rangeOf, type GridSize } from './keyboard';

const size: GridSize = { rows: 10, cols: 4, pageRows: 5 };
const at = (row: number, col: number) => ({ row, col });

describe('moveTarget', () => {
  it.each([
    ['ArrowDown', {}, at(2, 1), at(3, 1)],
    ['ArrowUp', {}, at(0, 1), at(0, 1)],
    ['ArrowRight', {}, at(2, 3), at(2, 3)],
    ['ArrowLeft', {}, at(2, 1), at(2, 0)],
    ['ArrowDown', { ctrlKey: true }, at(2, 1), at(9, 1)],
    ['ArrowLeft', { metaKey: true }, at(2, 2), at(2, 0)],
    ['Home', {}, at(4, 3), at(4, 0)],
    ['End', {}, at(4, 0), at(4, 3)],
    ['Home', { ctrlKey: true }, at(4, 3), at(0, 0)],
    ['End', { ctrlKey: true }, at(4, 0), at(9, 3)],
    ['PageDown', {}, at(7, 2), at(9, 2)],
    ['PageUp', {}, at(7, 2), at(2, 2)],
    ['Tab', {}, at(1, 3), at(2, 0)],
    ['Tab', { shiftKey: true }, at(2, 0), at(1, 3)],
  ])('%s %o from %o goes to %o', (key, modifiers, from, to) => {
    expect(moveTarget(from, { key, ...modifiers }, size)).toEqual(to);
  });

  it('Tab stops at the last cell and Shift+Tab at the first', () => {
    expect(moveTarget(at(9, 3), { key: 'Tab' }, size)).toBeNull();
    expect(moveTarget(at(0, 0), { key: 'Tab', shiftKey: true }, size)).toBeNull();
  });

  it('other keys do not move', () => {
    expect(moveTarget(at(0, 0), { key: 'a' }, size)).toBeNull();
  });
});

describe('gridKeyAction', () => {
  it.each([
    [{ key: 'Enter' }, { kind: 'edit' }],
    [{ key: 'F2' }, { kind: 'edit' }],
    [{ key: 'x' }, { kind: 'edit', text: 'x' }],
    [
      { key: 'X', shiftKey: true },
      { kind: 'edit', text: 'X' },
    ],
    [{ key: ' ' }, { kind: 'edit', text: ' ' }],
    [{ key: 'Delete' }, { kind: 'clear' }],
    [{ key: 'Backspace' }, { kind: 'clear' }],
    [{ key: 'z', ctrlKey: true }, { kind: 'undo' }],
    [{ key: 'z', metaKey: true }, { kind: 'undo' }],
    [{ key: 'Enter', shiftKey: true }, { kind: 'open' }],
    [{ key: 'c', ctrlKey: true }, { kind: 'none' }],
    [{ key: 'Escape' }, { kind: 'none' }],
  ])('%o means %o', (key, action) => {
    expect(gridKeyAction(at(1, 1), key, size)).toEqual(action);
  });

  it('Shift+arrow extends the range, Shift+Tab only moves back', () => {
    expect(gridKeyAction(at(1, 1), { key: 'ArrowDown', shiftKey: true }, size)).toEqual({
      kind: 'move',
      to: at(2, 1),
      extend: true,
    });
    expect(gridKeyAction(at(1, 1), { key: 'Tab', shiftKey: true }, size)).toEqual({
      kind: 'move',
      to: at(1, 0),
      extend: false,
    });
  });
});

describe('afterCommit', () => {
  it('Enter goes down (Shift: up), Tab right with wrap, both stay inside', () => {
    expect(afterCommit(at(1, 1), 'Enter', false, size)).toEqual(at(2, 1));
    expect(afterCommit(at(1, 1), 'Enter', true, size)).toEqual(at(0, 1));
    expect(afterCommit(at(9, 1), 'Enter', false, size)).toEqual(at(9, 1));
    expect(afterCommit(at(1, 3), 'Tab', false, size)).toEqual(at(2, 0));
    expect(afterCommit(at(9, 3), 'Tab', false, size)).toEqual(at(9, 3));
  });
});

describe('ranges', () => {
  it('covers the rectangle whichever way it was drawn', () => {
    const range = rangeOf(at(5, 3), at(2, 1));
    expect(range).toEqual({ top: 2, bottom: 5, left: 1, right: 3 });
    expect(inRange(range, at(3, 2))).toBe(true);
    expect(inRange(range, at(6, 2))).toBe(false);
    expect(inRange(range, at(3, 0))).toBe(false);
  });
});
