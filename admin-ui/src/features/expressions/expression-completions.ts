// What to suggest at the cursor in a filter or rule expression, from the collection's metadata:
// fields and relation paths where a comparison starts, the operators the field allows after it,
// values that fit it (select choices, true/false, null, @now, @request.auth.id) after an operator,
// and && / || after a whole comparison. Pure: the CodeMirror input only shows the answer.
import { tokenize, type Token } from '@stagecraft/query/lexer';
import type { Operator } from '@stagecraft/query/query-schema';
import {
  fieldsOf,
  MAX_RELATION_HOPS,
  resolvePath,
  USERS_COLLECTION,
  type ExpressionField,
  type ExpressionScope,
} from './expression-fields';
import { AUTH_ID, NOW, OPERATOR_LABELS } from './filter-builder-model';

export type CompletionKind = 'field' | 'relation' | 'operator' | 'keyword' | 'macro' | 'value';

export interface ExpressionCompletion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** The text inserted, when it differs from the label (an operator is followed by a space). */
  apply?: string;
}

export interface CompletionAnswer {
  /** Where the replaced text starts; the cursor is where it ends. */
  from: number;
  options: ExpressionCompletion[];
}

/** Where the expression is used: rules know `@request.body.*` on create and update. */
export interface CompletionSettings extends ExpressionScope {
  mode: 'filter' | 'rule';
  /** For rules: the action, since only create and update have a body. */
  action?: string;
}

const MACRO_WORD = /@[A-Za-z0-9_.]*$/;
const NAME_WORD = /[A-Za-z_][A-Za-z0-9_.]*$/;
const OPERATOR_WORD = /[=!<>~?]+$/;
const ALL_COMPARISONS: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<=', '~', '!~', 'in', '!in', '?='];

/** Suggestions for the text before `cursor`, or null where there is nothing to suggest (inside a string). */
export function expressionCompletions(
  text: string,
  cursor: number,
  settings: CompletionSettings,
): CompletionAnswer | null {
  const before = text.slice(0, cursor);
  const typed = MACRO_WORD.exec(before)?.[0] ?? NAME_WORD.exec(before)?.[0] ?? OPERATOR_WORD.exec(before)?.[0] ?? '';
  const from = cursor - typed.length;
  let tokens: Token[];
  try {
    tokens = tokenize(before.slice(0, from)).filter((token) => token.kind !== 'end');
  } catch {
    return null; // an open string, or text the lexer refuses: nothing sensible to offer
  }
  const last = tokens.at(-1);
  // Right after a number or a closing quote the operand may still be being typed: wait for a space.
  if (typed === '' && last !== undefined && isOperand(last) && last.position + last.text.length === from) return null;
  const options = optionsAt(tokens, typed, settings);
  const matching = options.filter((option) => option.label.startsWith(typed) && option.label !== typed);
  // A finished word is not offered back; but a complete operator still shows what else fits.
  return matching.length > 0 ? { from, options: matching } : null;
}

function optionsAt(tokens: Token[], typed: string, settings: CompletionSettings): ExpressionCompletion[] {
  const last = tokens.at(-1);
  const beforeLast = tokens.at(-2);
  if (typed.startsWith('@')) return macroOptions(settings);
  if (last === undefined || isStart(last)) {
    if (OPERATOR_WORD.test(typed)) return [];
    return [...pathOptions(typed, settings), ...macroOptions(settings)];
  }
  if (last.kind === 'operator') return valueOptions(operandField(beforeLast, settings), last.operator, settings);
  if (last.kind === 'punctuation' && (last.punctuation === ')' || last.punctuation === ']')) return connectives();
  if (isOperand(last)) {
    // After the right side of a comparison only && and || may follow; after a left side, its operators.
    if (beforeLast?.kind === 'operator') return connectives();
    return operatorOptions(last, settings);
  }
  return [];
}

function isStart(token: Token): boolean {
  return token.kind === 'punctuation' && ['&&', '||', '!', '('].includes(token.punctuation);
}

function isOperand(token: Token): boolean {
  return ['identifier', 'macro', 'string', 'number', 'keyword'].includes(token.kind);
}

function connectives(): ExpressionCompletion[] {
  return [
    { label: '&&', kind: 'keyword', detail: 'and', apply: '&& ' },
    { label: '||', kind: 'keyword', detail: 'or', apply: '|| ' },
  ];
}

/** Fields of the collection the typed path has reached, each relation able to go on with `.`. */
function pathOptions(typed: string, settings: CompletionSettings): ExpressionCompletion[] {
  const dot = typed.lastIndexOf('.');
  const prefix = dot === -1 ? '' : typed.slice(0, dot + 1);
  let collection = settings.collection;
  if (prefix !== '') {
    const through = resolvePath(settings, prefix.slice(0, -1));
    if (through?.target === undefined) return [];
    collection = through.target;
  }
  const hops = prefix.split('.').length - 1;
  return fieldsOf(settings, collection).flatMap((field): ExpressionCompletion[] => {
    const option: ExpressionCompletion = {
      label: prefix + field.name,
      kind: field.target ? 'relation' : 'field',
      detail: field.detail,
    };
    // A relation may also be followed: `author.` lists the author's fields.
    if (field.target === undefined || hops >= MAX_RELATION_HOPS) return [option];
    return [option, { label: `${prefix}${field.name}.`, kind: 'relation', detail: `fields of ${field.target}` }];
  });
}

function macroOptions(settings: CompletionSettings): ExpressionCompletion[] {
  const options: ExpressionCompletion[] = [
    { label: AUTH_ID, kind: 'macro', detail: 'the caller’s user id (null when anonymous)' },
    { label: '@request.auth.role', kind: 'macro', detail: 'the caller’s role' },
    { label: '@request.auth.aal', kind: 'macro', detail: 'sign-in strength: 1, or 2 after a second step' },
    { label: NOW, kind: 'macro', detail: 'the current time' },
  ];
  if (settings.mode === 'rule' && (settings.action === 'create' || settings.action === 'update')) {
    for (const field of fieldsOf(settings, settings.collection)) {
      options.push({ label: `@request.body.${field.name}`, kind: 'macro', detail: `${field.name} as sent` });
    }
  }
  return options;
}

/** The field a left operand names, when it is a path or `@request.body.<field>`. */
function operandField(token: Token | undefined, settings: CompletionSettings): ExpressionField | undefined {
  if (token?.kind === 'identifier') return resolvePath(settings, token.name);
  if (token?.kind === 'macro' && token.name.startsWith('request.body.')) {
    return resolvePath(settings, token.name.slice('request.body.'.length));
  }
  return undefined;
}

function operatorOptions(left: Token, settings: CompletionSettings): ExpressionCompletion[] {
  const field = operandField(left, settings);
  let operators: readonly Operator[];
  if (field) operators = field.operators;
  else if (left.kind === 'identifier') return [];
  else if (left.kind === 'macro' && left.name === 'now') operators = ['=', '!=', '>', '>=', '<', '<='];
  else if (left.kind === 'macro') operators = ['=', '!=', 'in', '!in'];
  else operators = ALL_COMPARISONS;
  return operators.map((operator) => ({
    label: operator,
    kind: 'operator',
    detail: OPERATOR_LABELS[operator],
    apply: `${operator} `,
  }));
}

function quoted(value: string): string {
  return JSON.stringify(value);
}

/** Values that fit the field on the left: its choices, booleans, null, and the macros its type takes. */
function valueOptions(
  field: ExpressionField | undefined,
  operator: Operator,
  settings: CompletionSettings,
): ExpressionCompletion[] {
  if (operator === 'in' || operator === '!in') {
    const choices = field?.choices ?? [];
    return [{ label: `[${choices.slice(0, 2).map(quoted).join(', ')}]`, kind: 'value', detail: 'a list of values' }];
  }
  const options: ExpressionCompletion[] = [];
  for (const choice of field?.choices ?? []) options.push({ label: quoted(choice), kind: 'value', detail: 'choice' });
  if (field === undefined || field.kind === 'boolean' || field.kind === 'json') {
    options.push({ label: 'true', kind: 'keyword' }, { label: 'false', kind: 'keyword' });
  }
  if (operator === '=' || operator === '!=') options.push({ label: 'null', kind: 'keyword', detail: 'no value' });
  if (field === undefined || field.kind === 'date' || field.kind === 'datetime') {
    options.push({ label: NOW, kind: 'macro', detail: 'the current time' });
  }
  // The server refuses comparing ids of different collections, so only user ids get the caller's id.
  if (field === undefined || field.identifies === USERS_COLLECTION) {
    options.push({ label: AUTH_ID, kind: 'macro', detail: 'the caller’s user id' });
  }
  if (field === undefined && settings.mode === 'rule') {
    options.push({ label: '@request.auth.role', kind: 'macro', detail: 'the caller’s role' });
  }
  return options;
}
