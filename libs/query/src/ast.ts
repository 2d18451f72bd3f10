// The typed tree the parser produces and the compiler consumes. Every node keeps the offset
// of its first character so later stages can point at the exact place in the source.

import type { Operator } from './query-schema.js';

export type Expression = LogicalExpression | NotExpression | ComparisonExpression;

/** `&&` / `||` chains are kept flat: `a && b && c` is one node with three operands. */
export interface LogicalExpression {
  readonly kind: 'and' | 'or';
  readonly operands: readonly Expression[];
  readonly position: number;
}

export interface NotExpression {
  readonly kind: 'not';
  readonly operand: Expression;
  readonly position: number;
}

export interface ComparisonExpression {
  readonly kind: 'comparison';
  readonly operator: Operator;
  readonly left: Operand;
  /** A list only after `in` / `!in`; the parser guarantees it and the compiler re-checks. */
  readonly right: Operand;
  readonly position: number;
  readonly operatorPosition: number;
}

export type Operand = FieldReference | MacroReference | ScalarLiteral | ListLiteral;

/** A field of the current collection, or a relation path such as `author.email`. */
export interface FieldReference {
  readonly kind: 'field';
  readonly path: readonly string[];
  readonly position: number;
}

export type MacroReference =
  | { readonly kind: 'macro'; readonly macro: 'now' | 'auth.id' | 'auth.role' | 'auth.aal'; readonly position: number }
  | { readonly kind: 'macro'; readonly macro: 'body'; readonly field: string; readonly position: number };

export type ScalarLiteral = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly position: number;
}

/** Kept as written so decimals reach Postgres without a trip through binary floating point. */
export interface NumberLiteral {
  readonly kind: 'number';
  readonly raw: string;
  readonly position: number;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly position: number;
}

export interface NullLiteral {
  readonly kind: 'null';
  readonly position: number;
}

export interface ListLiteral {
  readonly kind: 'list';
  readonly items: readonly ScalarLiteral[];
  readonly position: number;
}

/** Offset of the i-th segment of a path, given that segments are joined by single dots. */
export function segmentPosition(field: FieldReference, index: number): number {
  let position = field.position;
  for (let i = 0; i < index; i += 1) position += (field.path[i]?.length ?? 0) + 1;
  return position;
}

/** True when the expression names a field (of the row or through a relation), not only macros and literals. */
export function referencesFields(expression: Expression): boolean {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return expression.operands.some(referencesFields);
    case 'not':
      return referencesFields(expression.operand);
    case 'comparison':
      return expression.left.kind === 'field' || expression.right.kind === 'field';
  }
}
