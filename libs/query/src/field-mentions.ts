// Where an expression names fields (relation paths and `@request.body.<field>`), and a copy of
// the tree with those names replaced: what a schema change uses to carry a rename along.

import type { ComparisonExpression, Expression, Operand } from './ast.js';

/**
 * A place that names fields: a path (`author.name` names `author` of the root collection and
 * `name` of the collection it points at) or `@request.body.<field>` (a field of the root).
 */
export type FieldMention =
  | { readonly kind: 'path'; readonly path: readonly string[]; readonly position: number }
  | { readonly kind: 'body'; readonly path: readonly [string]; readonly position: number };

/** The request facts an expression reads (`@request.auth.id`, `@now`, …); `@request.body` excluded. */
export function requestMacros(expression: Expression): Set<'now' | 'auth.id' | 'auth.role' | 'auth.aal'> {
  const macros = new Set<'now' | 'auth.id' | 'auth.role' | 'auth.aal'>();
  visitComparisons(expression, (comparison) => {
    for (const operand of [comparison.left, comparison.right]) {
      if (operand.kind === 'macro' && operand.macro !== 'body') macros.add(operand.macro);
    }
  });
  return macros;
}

/** Every field mention, in source order. */
export function fieldMentions(expression: Expression): FieldMention[] {
  const mentions: FieldMention[] = [];
  visitComparisons(expression, (comparison) => {
    for (const operand of [comparison.left, comparison.right]) {
      const mention = mentionOf(operand);
      if (mention !== undefined) mentions.push(mention);
    }
  });
  return mentions;
}

/**
 * The tree with each mention's names replaced by `rename(mention)`, which returns a path of the
 * same length. Nodes without a changed name are shared with the input, which is not modified.
 */
export function renameFields(expression: Expression, rename: (mention: FieldMention) => readonly string[]): Expression {
  switch (expression.kind) {
    case 'and':
    case 'or': {
      const operands = expression.operands.map((operand) => renameFields(operand, rename));
      return operands.every((operand, i) => operand === expression.operands[i])
        ? expression
        : { ...expression, operands };
    }
    case 'not': {
      const operand = renameFields(expression.operand, rename);
      return operand === expression.operand ? expression : { ...expression, operand };
    }
    case 'comparison': {
      const left = renameOperand(expression.left, rename);
      const right = renameOperand(expression.right, rename);
      return left === expression.left && right === expression.right ? expression : { ...expression, left, right };
    }
  }
}

function renameOperand(operand: Operand, rename: (mention: FieldMention) => readonly string[]): Operand {
  const mention = mentionOf(operand);
  if (mention === undefined) return operand;
  const path = rename(mention);
  if (path.length !== mention.path.length) {
    throw new RangeError(`a rename must keep the path's length: ${mention.path.join('.')} → ${path.join('.')}`);
  }
  if (path.every((name, i) => name === mention.path[i])) return operand;
  if (operand.kind === 'field') return { ...operand, path: [...path] };
  if (operand.kind === 'macro' && operand.macro === 'body') return { ...operand, field: path[0] as string };
  return operand;
}

function mentionOf(operand: Operand): FieldMention | undefined {
  if (operand.kind === 'field') return { kind: 'path', path: operand.path, position: operand.position };
  if (operand.kind === 'macro' && operand.macro === 'body') {
    return { kind: 'body', path: [operand.field], position: operand.position };
  }
  return undefined;
}

function visitComparisons(expression: Expression, visit: (comparison: ComparisonExpression) => void): void {
  switch (expression.kind) {
    case 'and':
    case 'or':
      for (const operand of expression.operands) visitComparisons(operand, visit);
      return;
    case 'not':
      visitComparisons(expression.operand, visit);
      return;
    case 'comparison':
      visit(expression);
  }
}
