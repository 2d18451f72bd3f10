// CSV cells are strings: each is turned into the JSON value its field expects before the
// record validator sees it. An empty cell means "absent"; a cell that does not convert is
// passed on unchanged, so the validator names the field and the expected type.

import { fieldSentence, JsonTooDeepError, parseJsonWithinDepth } from '@stagecraft/core';
import type { FieldDefinition } from '@stagecraft/schema';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

export type CellValue = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON text, measured before it is parsed: deeper than `maxDepth` (JSON_MAX_DEPTH) is refused. */
function parseJson(cell: string, maxDepth: number): CellValue {
  try {
    return { ok: true, value: parseJsonWithinDepth(cell, maxDepth) };
  } catch (error) {
    if (error instanceof JsonTooDeepError) return { ok: false, message: `${error.message} (JSON_MAX_DEPTH)` };
    return { ok: false, message: 'is not valid JSON' };
  }
}

/** JSON text for arrays; anything else but a too-deep value is left for the validator to refuse. */
function parseJsonArray(cell: string, maxDepth: number): CellValue {
  const parsed = parseJson(cell.trim(), maxDepth);
  return parsed.ok || parsed.message !== 'is not valid JSON' ? parsed : { ok: true, value: cell };
}

export function csvCellValue(cell: string, field: FieldDefinition, jsonMaxDepth: number): CellValue {
  switch (field.type) {
    case 'integer':
    case 'number': {
      const trimmed = cell.trim();
      return { ok: true, value: NUMBER.test(trimmed) ? Number(trimmed) : cell };
    }
    case 'boolean': {
      const word = cell.trim().toLowerCase();
      return { ok: true, value: TRUE.has(word) ? true : FALSE.has(word) ? false : cell };
    }
    case 'json':
      // Any JSON value is valid here, so text that is not JSON would pass as a string: refuse it.
      return parseJson(cell, jsonMaxDepth);
    case 'multi_select':
      return parseJsonArray(cell, jsonMaxDepth);
    case 'relation':
      return field.options.kind === 'many_to_many'
        ? parseJsonArray(cell, jsonMaxDepth)
        : { ok: true, value: cell.trim() };
    case 'text':
    case 'long_text':
    case 'date':
    case 'datetime':
    case 'email':
    case 'url':
    case 'select':
    case 'secret':
    case 'file': // refused by the import runner, as in every format
      return { ok: true, value: cell };
  }
}

export interface CsvRecord {
  readonly record: Record<string, unknown>;
  /** Cells that could not be converted: field name → message. */
  readonly problems: ReadonlyMap<string, string> | undefined;
}

/**
 * Converts one CSV row; `columns` are the header's fields by position (undefined: a column
 * that is not imported, such as a system column of an export).
 */
export function csvRecord(
  cells: readonly string[],
  columns: readonly (FieldDefinition | undefined)[],
  jsonMaxDepth: number,
): CsvRecord {
  const record: Record<string, unknown> = {};
  let problems: Map<string, string> | undefined;
  for (let index = 0; index < columns.length; index++) {
    const field = columns[index];
    const cell = cells[index];
    if (field === undefined || cell === undefined || cell === '') continue;
    const converted = csvCellValue(cell, field, jsonMaxDepth);
    if (converted.ok) record[field.name] = converted.value;
    else (problems ??= new Map()).set(field.name, fieldSentence(field.name, converted.message));
  }
  return { record, problems };
}
