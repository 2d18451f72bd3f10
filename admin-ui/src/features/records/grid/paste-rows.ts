// Rows pasted from a spreadsheet as new records: a first row naming fields is the header;
// without one, the cells go to the grid's editable columns in their order.
import type { FieldDefinition } from '../../../api';
import { isCellEditable, pastedValue } from './cell-text';
import { parseTsv } from './tsv';

export interface PastedRows {
  columns: string[];
  records: Record<string, unknown>[];
  problems: string[];
}

export function pastedRecords(text: string, fields: readonly FieldDefinition[], order: readonly string[]): PastedRows {
  const rows = parseTsv(text).filter((row) => row.some((cell) => cell.trim() !== ''));
  const byName = new Map(fields.map((field) => [field.name, field]));
  const first = rows[0] ?? [];
  const header = first.length > 0 && first.every((cell) => byName.has(cell.trim()));
  const columns = header
    ? first.map((cell) => cell.trim())
    : order.filter((name) => {
        const field = byName.get(name);
        return field !== undefined && isCellEditable(field);
      });
  const problems: string[] = [];
  const records = (header ? rows.slice(1) : rows).map((row, index) => {
    const record: Record<string, unknown> = {};
    if (row.slice(columns.length).some((cell) => cell.trim() !== '')) {
      problems.push(`Row ${index + 1} has more cells than columns.`);
    }
    row.forEach((cell, col) => {
      const field = byName.get(columns[col] ?? '');
      if (!field) return;
      const converted = pastedValue(field, cell);
      if ('error' in converted) problems.push(cellProblem(index + 1, field.name, converted.error));
      else if ('value' in converted && converted.value !== null && converted.value !== '') {
        record[field.name] = converted.value;
      }
    });
    return record;
  });
  // Problems in row order, the row's own cells first.
  problems.sort((a, b) => rowOf(a) - rowOf(b) || Number(a.includes('more cells')) - Number(b.includes('more cells')));
  return { columns: columns.slice(0, Math.max(0, ...rows.map((row) => row.length))), records, problems };
}

const rowOf = (problem: string) => Number(/^Row (\d+)/.exec(problem)?.[1] ?? 0);

/** "Row 2, price: Enter a number.": a problem as a sentence, for a notice that lists several. */
export function cellProblem(row: number, field: string, error: string): string {
  return `Row ${row}, ${field}: ${error}${/[.?!]$/.test(error) ? '' : '.'}`;
}
