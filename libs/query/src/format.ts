// Prints an AST back as expression source that parses to the same tree: what a rewritten
// rule or condition is stored as. Parentheses appear only where the tree needs them.

import type { Expression, FieldReference, MacroReference, Operand, ScalarLiteral } from './ast.js';
import { FIELD_NAME } from './parser.js';

/** Names the lexer reads as something other than a field, so no path segment may be one. */
const NOT_A_NAME = new Set(['in', 'true', 'false', 'null']);

/**
 * Source text for `expression`: `parseExpression(formatExpression(e))` equals `e` but for
 * positions. Nested `&&`/`||` of the same kind keep their parentheses, so a chain that was
 * written grouped stays grouped, and so does a group under `!`.
 */
export function formatExpression(expression: Expression): string {
  switch (expression.kind) {
    case 'and':
      // `||` binds looser than `&&`, and a nested `&&` must stay its own node: both need parentheses.
      return expression.operands.map((operand) => grouped(operand, operand.kind !== 'not')).join(' && ');
    case 'or':
      return expression.operands.map((operand) => grouped(operand, operand.kind === 'or')).join(' || ');
    case 'not':
      return `!${grouped(expression.operand, expression.operand.kind !== 'not')}`;
    case 'comparison':
      return `${formatOperand(expression.left)} ${expression.operator} ${formatOperand(expression.right)}`;
  }
}

/** A comparison needs parentheses only under `!` (where it binds tighter) when asked; groups when asked. */
function grouped(expression: Expression, parenthesise: boolean): string {
  const text = formatExpression(expression);
  const needs = parenthesise && (expression.kind === 'and' || expression.kind === 'or');
  return needs ? `(${text})` : text;
}

function formatOperand(operand: Operand): string {
  switch (operand.kind) {
    case 'field':
      return formatPath(operand);
    case 'macro':
      return formatMacro(operand);
    case 'list':
      return `[${operand.items.map(formatLiteral).join(', ')}]`;
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return formatLiteral(operand);
  }
}

function formatPath(field: FieldReference): string {
  for (const segment of field.path) assertName(segment);
  if (field.path.length === 0) throw new RangeError('a field path cannot be empty');
  return field.path.join('.');
}

function formatMacro(macro: MacroReference): string {
  switch (macro.macro) {
    case 'now':
      return '@now';
    case 'auth.id':
      return '@request.auth.id';
    case 'auth.role':
      return '@request.auth.role';
    case 'auth.aal':
      return '@request.auth.aal';
    case 'body':
      assertName(macro.field);
      return `@request.body.${macro.field}`;
  }
}

function formatLiteral(literal: ScalarLiteral): string {
  switch (literal.kind) {
    case 'string':
      return quote(literal.value);
    case 'number':
      return literal.raw;
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
  }
}

/** Double-quoted, with the escapes the lexer knows; control and line-separator characters as \uXXXX. */
function quote(value: string): string {
  let text = '"';
  for (const ch of value) {
    switch (ch) {
      case '\\':
        text += '\\\\';
        break;
      case '"':
        text += '\\"';
        break;
      case '\n':
        text += '\\n';
        break;
      case '\r':
        text += '\\r';
        break;
      case '\t':
        text += '\\t';
        break;
      default: {
        const code = ch.charCodeAt(0);
        // NUL cannot be in a parsed string; the rest are printed as escapes so the text stays readable.
        if (code === 0) throw new RangeError('a string literal cannot hold the NUL character');
        text += code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? `\\u${hex4(code)}` : ch;
      }
    }
  }
  return `${text}"`;
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** A name that would not read back as the same field is a programming error, not an input error. */
function assertName(name: string): void {
  if (!FIELD_NAME.test(name) || NOT_A_NAME.has(name)) {
    throw new RangeError(`"${name}" cannot be written as a field name in an expression`);
  }
}
