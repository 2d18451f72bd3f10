// fast-check arbitraries for expression trees as the parser builds them (positions all 0),
// and a comparison that ignores positions, for the printer's and the renamer's properties.

import fc from 'fast-check';
import type { Expression, Operand, ScalarLiteral } from './ast.js';
import type { Operator } from './query-schema.js';

/** The tree without source offsets, which a printed copy cannot keep. */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'position' && key !== 'operatorPosition')
        .map(([key, item]) => [key, withoutPositions(item)]),
    );
  }
  return value;
}

const names = fc.constantFrom('qty', 'title', 'author', 'in_stock', 'index', 'nullable', 'true_count', 'x', 'a_b9');
const path = fc.array(names, { minLength: 1, maxLength: 4 });
const at = 0;

const literal: fc.Arbitrary<ScalarLiteral> = fc
  .oneof(
    fc
      .string({ unit: 'binary', maxLength: 12 })
      .map((value) => ({ kind: 'string' as const, value: value.replaceAll('\0', '') })),
    fc
      .constantFrom('0', '-3', '007', '1.5', '-0.25', '99999999999999999999')
      .map((raw) => ({ kind: 'number' as const, raw })),
    fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
    fc.constant({ kind: 'null' as const }),
  )
  .map((item) => ({ ...item, position: at }));

const operand: fc.Arbitrary<Operand> = fc.oneof(
  path.map((segments) => ({ kind: 'field' as const, path: segments, position: at })),
  fc
    .constantFrom('now', 'auth.id', 'auth.role', 'auth.aal')
    .map((macro) => ({ kind: 'macro' as const, macro, position: at })),
  names.map((field) => ({ kind: 'macro' as const, macro: 'body' as const, field, position: at })),
  literal,
);

const OPERATORS: Operator[] = ['=', '!=', '>', '>=', '<', '<=', '~', '!~', '?='];

const comparison = fc.oneof(
  fc.tuple(operand, fc.constantFrom(...OPERATORS), operand).map(([left, operator, right]): Expression => ({
    kind: 'comparison',
    operator,
    left,
    right,
    position: at,
    operatorPosition: at,
  })),
  fc
    .tuple(operand, fc.constantFrom<Operator>('in', '!in'), fc.array(literal, { maxLength: 3 }))
    .map(([left, operator, items]): Expression => ({
      kind: 'comparison',
      operator,
      left,
      right: { kind: 'list', items, position: at },
      position: at,
      operatorPosition: at,
    })),
);

/** Any tree the parser can produce: logical chains of two or more, nested in any way. */
export const expressions: fc.Arbitrary<Expression> = fc.letrec<{ node: Expression }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 5, depthSize: 'small', withCrossShrink: true },
    comparison,
    fc
      .tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), fc.array(tie('node'), { minLength: 2, maxLength: 3 }))
      .map(([kind, operands]): Expression => ({ kind, operands, position: at })),
    tie('node').map((operand): Expression => ({ kind: 'not', operand, position: at })),
  ),
})).node;
