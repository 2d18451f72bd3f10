// The filter builder's model: rows of field → operator → value joined by one && or ||, written
// as expression text with the server's own printer, and read back from text with its own parser
// when the text is that simple. Anything else (grouping, `!`, mixed && and ||, field-to-field
// comparisons) is "too complex", and the builder leaves the text alone.
import type { Expression, ListLiteral, MacroReference, Operand, ScalarLiteral } from '@stagecraft/query/ast';
import { formatExpression } from '@stagecraft/query/format';
import { parseExpression } from '@stagecraft/query/parser';
import type { Operator } from '@stagecraft/query/query-schema';
import { resolvePath, USERS_COLLECTION, type ExpressionField, type ExpressionScope } from './expression-fields';

/** `= null` and `!= null` get their own choices: they test for absence whatever the type. */
export type BuilderOperator = Operator | 'empty' | 'not_empty';

export interface BuilderRow {
  /** A field or relation path, e.g. `author.name`. */
  path: string;
  operator: BuilderOperator;
  /** As the value editor holds it: a list for in / !in, text otherwise (`@now`, `@request.auth.id` allowed where they fit). */
  input: string | string[];
}

export type Join = 'and' | 'or';

export interface BuilderFilter {
  join: Join;
  rows: BuilderRow[];
}

export const NOW = '@now';
export const AUTH_ID = '@request.auth.id';

export const OPERATOR_LABELS: Record<BuilderOperator, string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '>': 'is greater than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
  '~': 'contains',
  '!~': 'does not contain',
  in: 'is one of',
  '!in': 'is none of',
  '?=': 'has',
  empty: 'is empty',
  not_empty: 'is not empty',
};

/** What the builder offers for a field: its operators, then the two emptiness tests. */
export function builderOperators(field: ExpressionField): BuilderOperator[] {
  // A list column compares with a value only through ?=; its = and != take null alone.
  const operators = field.list === true ? field.operators.filter((operator) => operator === '?=') : field.operators;
  return [...operators, 'empty', 'not_empty'];
}

export function takesList(operator: BuilderOperator): boolean {
  return operator === 'in' || operator === '!in';
}

export function takesValue(operator: BuilderOperator): boolean {
  return operator !== 'empty' && operator !== 'not_empty';
}

/** Macros a value of the field may be: the current time for times, the caller for user ids. */
export function macrosFor(field: ExpressionField): string[] {
  if (field.kind === 'date' || field.kind === 'datetime') return [NOW];
  if (field.identifies === USERS_COLLECTION) return [AUTH_ID];
  return [];
}

type Value = ScalarLiteral | MacroReference;

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One typed-in value as a literal of the field's kind, or why it cannot be one. */
export function valueOf(field: ExpressionField, input: string): Value | { error: string } {
  const text = input.trim();
  if (macrosFor(field).includes(text)) return macroOf(text);
  switch (field.kind) {
    case 'text':
    case 'choice':
      return { kind: 'string', value: input, position: 0 };
    case 'integer':
      return INTEGER.test(text) ? { kind: 'number', raw: text, position: 0 } : { error: 'Enter a whole number' };
    case 'number':
      return DECIMAL.test(text) ? { kind: 'number', raw: text, position: 0 } : { error: 'Enter a number like 4.5' };
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { kind: 'boolean', value: text === 'true', position: 0 }
        : { error: 'Choose true or false' };
    case 'date':
      return DATE.test(text) ? { kind: 'string', value: text, position: 0 } : { error: 'Enter a date like 2024-05-31' };
    case 'datetime':
      return text !== '' && !Number.isNaN(Date.parse(text))
        ? { kind: 'string', value: text, position: 0 }
        : { error: 'Enter a date-time like 2024-05-31T12:00:00Z' };
    case 'id':
      // Ids never start with @: a macro this field cannot take is a mistake, not an id.
      return text === '' || text.startsWith('@')
        ? { error: 'Enter a record id' }
        : { kind: 'string', value: text, position: 0 };
    case 'json':
      // A JSON scalar: true, false and numbers as themselves, anything else as a string.
      if (text === 'true' || text === 'false') return { kind: 'boolean', value: text === 'true', position: 0 };
      return DECIMAL.test(text)
        ? { kind: 'number', raw: text, position: 0 }
        : { kind: 'string', value: input, position: 0 };
  }
}

function macroOf(text: string): MacroReference {
  return text === NOW ? { kind: 'macro', macro: 'now', position: 0 } : { kind: 'macro', macro: 'auth.id', position: 0 };
}

/** The value editor's text for a literal, undefined when the builder could not have written it. */
function inputOf(field: ExpressionField, value: Operand): string | undefined {
  let input: string | undefined;
  switch (value.kind) {
    case 'string':
      input = value.value;
      break;
    case 'number':
      input = value.raw;
      break;
    case 'boolean':
      input = String(value.value);
      break;
    case 'macro':
      input = value.macro === 'now' ? NOW : value.macro === 'auth.id' ? AUTH_ID : undefined;
      break;
    case 'null':
    case 'list':
    case 'field':
      return undefined;
  }
  if (input === undefined) return undefined;
  // Read back only what writes back the same: `"5"` for a number field stays out of the builder.
  const again = valueOf(field, input);
  return 'error' in again || !sameValue(again, value) ? undefined : input;
}

function sameValue(a: Value, b: Operand): boolean {
  return formatOperand(a) === formatOperand(b);
}

function formatOperand(value: Operand): string {
  const comparison: Expression = {
    kind: 'comparison',
    operator: '=',
    left: { kind: 'field', path: ['x'], position: 0 },
    right: value,
    position: 0,
    operatorPosition: 0,
  };
  return formatExpression(comparison);
}

export type WriteResult = { ok: true; text: string } | { ok: false; errors: (string | undefined)[] };

/** The rows as expression text; or, per row, what is missing (undefined for a complete row). */
export function writeFilter(filter: BuilderFilter, scope: ExpressionScope): WriteResult {
  const comparisons: Expression[] = [];
  const errors = filter.rows.map((row): string | undefined => {
    const built = comparisonOf(row, scope);
    if ('error' in built) return built.error;
    comparisons.push(built);
    return undefined;
  });
  if (errors.some((error) => error !== undefined)) return { ok: false, errors };
  const [first] = comparisons;
  if (first === undefined) return { ok: true, text: '' };
  const expression: Expression =
    comparisons.length === 1 ? first : { kind: filter.join, operands: comparisons, position: 0 };
  return { ok: true, text: formatExpression(expression) };
}

function comparisonOf(row: BuilderRow, scope: ExpressionScope): Expression | { error: string } {
  const field = resolvePath(scope, row.path);
  if (!field) return { error: row.path === '' ? 'Choose a field' : `Unknown field "${row.path}"` };
  const left = { kind: 'field' as const, path: row.path.split('.'), position: 0 };
  const base = { kind: 'comparison' as const, left, position: 0, operatorPosition: 0 };
  if (!takesValue(row.operator)) {
    return { ...base, operator: row.operator === 'empty' ? '=' : '!=', right: { kind: 'null', position: 0 } };
  }
  const operator = row.operator as Operator;
  if (!builderOperators(field).includes(operator)) return { error: `"${row.path}" cannot use ${operator}` };
  if (takesList(operator)) {
    const inputs = Array.isArray(row.input) ? row.input : [row.input].filter((item) => item.trim() !== '');
    if (inputs.length === 0) return { error: 'Add at least one value' };
    const items: ScalarLiteral[] = [];
    for (const input of inputs) {
      const item = valueOf(field, input);
      if ('error' in item) return item;
      if (item.kind === 'macro') return { error: 'A list holds values only, not @ macros' };
      items.push(item);
    }
    const right: ListLiteral = { kind: 'list', items, position: 0 };
    return { ...base, operator, right };
  }
  const right = valueOf(field, Array.isArray(row.input) ? (row.input[0] ?? '') : row.input);
  if ('error' in right) return right;
  return { ...base, operator, right };
}

export type ReadResult = { ok: true; filter: BuilderFilter } | { ok: false; reason: string };

/** The builder's rows for `text`, when it is a && or || chain of comparisons the builder can show. */
export function readFilter(text: string, scope: ExpressionScope): ReadResult {
  if (text.trim() === '') return { ok: true, filter: { join: 'and', rows: [] } };
  let expression: Expression;
  try {
    expression = parseExpression(text);
  } catch (error) {
    return { ok: false, reason: `The expression does not parse: ${(error as Error).message}.` };
  }
  const join: Join = expression.kind === 'or' ? 'or' : 'and';
  const operands = expression.kind === 'and' || expression.kind === 'or' ? expression.operands : [expression];
  const rows: BuilderRow[] = [];
  for (const operand of operands) {
    const row = rowOf(operand, scope);
    if (typeof row === 'string') return { ok: false, reason: row };
    rows.push(row);
  }
  return { ok: true, filter: { join, rows } };
}

const TOO_COMPLEX = 'The expression is too complex for the builder';

/** The row for one comparison, or why the builder cannot show it. */
function rowOf(expression: Expression, scope: ExpressionScope): BuilderRow | string {
  if (expression.kind !== 'comparison') {
    return `${TOO_COMPLEX}: it uses ${expression.kind === 'not' ? '!' : 'groups mixing && and ||'}. Edit it as text.`;
  }
  const { left, right, operator } = expression;
  if (left.kind !== 'field') return `${TOO_COMPLEX}: a comparison starts with a value, not a field. Edit it as text.`;
  const path = left.path.join('.');
  const field = resolvePath(scope, path);
  if (!field) return `The builder does not know the field "${path}". Edit the expression as text.`;
  if (right.kind === 'null' && (operator === '=' || operator === '!=')) {
    return { path, operator: operator === '=' ? 'empty' : 'not_empty', input: '' };
  }
  if (!builderOperators(field).includes(operator))
    return `"${path}" cannot use ${operator}. Edit the expression as text.`;
  if (right.kind === 'list') {
    const inputs = right.items.map((item) => inputOf(field, item));
    if (inputs.every((input): input is string => input !== undefined)) return { path, operator, input: inputs };
  } else {
    const input = inputOf(field, right);
    if (input !== undefined) return { path, operator, input };
  }
  return `${TOO_COMPLEX}: the value compared with "${path}" is not one it can edit. Edit it as text.`;
}
