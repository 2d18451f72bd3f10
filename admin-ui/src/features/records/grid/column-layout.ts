// Column widths of the records grid: a width per field type that fits its values, and a fit to
// the space there is, so a collection of a handful of fields needs no horizontal scrollbar.
// Widths the user dragged are kept as they are; the others share what is left.
import type { FieldDefinition } from '../../../api';

export interface ColumnWidth {
  /** The width the column would like. */
  size: number;
  /** Below this its values cannot be read. */
  min: number;
}

const BY_TYPE: Record<FieldDefinition['type'], ColumnWidth> = {
  text: { size: 180, min: 110 },
  long_text: { size: 240, min: 140 },
  integer: { size: 90, min: 70 },
  number: { size: 90, min: 70 },
  boolean: { size: 84, min: 70 },
  date: { size: 120, min: 104 },
  datetime: { size: 180, min: 150 },
  json: { size: 200, min: 120 },
  email: { size: 200, min: 130 },
  url: { size: 200, min: 130 },
  select: { size: 120, min: 90 },
  // Pills need room to be read: a multi-select gives up the least.
  multi_select: { size: 250, min: 210 },
  relation: { size: 160, min: 110 },
  secret: { size: 120, min: 80 },
  file: { size: 150, min: 90 },
};

export const SYSTEM_WIDTHS: Record<string, ColumnWidth> = {
  select: { size: 40, min: 40 },
  open: { size: 40, min: 40 },
  // A UUID in monospace, whole, plus its copy button.
  id: { size: 330, min: 330 },
  created_at: { size: 175, min: 165 },
  updated_at: { size: 175, min: 165 },
};

export function fieldWidth(field: FieldDefinition): ColumnWidth {
  // One-to-many and many-to-many cells list names.
  if (field.type === 'relation' && field.options.kind !== 'many_to_one') return { size: 220, min: 140 };
  return BY_TYPE[field.type];
}

/**
 * Sizes for the columns not in `fixed` so that all of them fill `available` pixels: shrunk
 * in proportion down to their minimum when there is too little room (then the grid scrolls),
 * grown in proportion when there is more.
 */
export function fitColumns(
  columns: readonly { id: string; width: ColumnWidth; grow: boolean }[],
  available: number,
  fixed: Readonly<Record<string, number>>,
): Record<string, number> {
  const result: Record<string, number> = {};
  let room = available;
  const flexible: { id: string; width: ColumnWidth; grow: boolean }[] = [];
  for (const column of columns) {
    const pinned = fixed[column.id];
    if (pinned !== undefined) {
      result[column.id] = pinned;
      room -= pinned;
    } else flexible.push(column);
  }
  const wanted = flexible.reduce((sum, column) => sum + column.width.size, 0);
  if (wanted <= room) {
    const growing = flexible.filter((column) => column.grow);
    const growable = growing.reduce((sum, column) => sum + column.width.size, 0);
    const extra = room - wanted;
    for (const column of flexible) {
      const share = column.grow && growable > 0 ? (extra * column.width.size) / growable : 0;
      result[column.id] = Math.floor(column.width.size + share);
    }
    return result;
  }
  // Too little room: take the excess from each column's slack (size − min), in proportion.
  const slack = flexible.reduce((sum, column) => sum + column.width.size - column.width.min, 0);
  const excess = Math.min(wanted - room, slack);
  for (const column of flexible) {
    const own = column.width.size - column.width.min;
    result[column.id] = Math.floor(column.width.size - (slack > 0 ? (excess * own) / slack : 0));
  }
  return result;
}
