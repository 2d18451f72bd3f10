// Compiles a parsed expression to a parameterised SQL boolean fragment for a WHERE clause.
// Values only ever travel as $n parameters; identifiers only come from metadata, quoted.

import type { Expression } from './ast.js';
import { compileComparison, type ComparisonScope } from './compile-comparison.js';
import type { CompileContext } from './compile-context.js';
import type { ExpressionLimits } from './limits.js';
import { parseExpression } from './parser.js';
import { quoteIdent } from './quote-ident.js';

/**
 * Returns a boolean SQL fragment over the row aliased `ctx.alias`, appending parameters to
 * `ctx.params`. The fragment may be NULL where a compared column is NULL (which a WHERE
 * treats as false); wrap it in parentheses when combining it with other conditions. On
 * error `ctx.params` is left as it was.
 */
export function compileExpression(expression: Expression, ctx: CompileContext): string {
  const outerAlias = quoteIdent(ctx.alias);
  let counter = 0;
  const scope: ComparisonScope = {
    ctx,
    schema: ctx.schema,
    collection: ctx.collection,
    alias: outerAlias,
    joinFilter: (target, alias) =>
      ctx.applyRowFilters && target.rowFilter ? target.rowFilter(alias.replaceAll('"', ''), ctx) : undefined,
    allocateAlias: () => {
      // Fresh per compile; skipping the caller's alias keeps the outer row from being shadowed.
      counter += 1;
      if (`r${counter}` === ctx.alias) counter += 1;
      return quoteIdent(`r${counter}`);
    },
  };
  const paramsBefore = ctx.params.length;
  try {
    return compileNode(expression, scope);
  } catch (error) {
    ctx.params.length = paramsBefore;
    throw error;
  }
}

/** Parses and compiles in one step: what the records library calls for `?filter=` and rules. */
export function compileFilter(source: string, ctx: CompileContext, limits?: Partial<ExpressionLimits>): string {
  return compileExpression(parseExpression(source, limits), ctx);
}

function compileNode(node: Expression, scope: ComparisonScope): string {
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.operands.length === 0) return node.kind === 'and' ? 'TRUE' : 'FALSE';
      const joiner = node.kind === 'and' ? ' AND ' : ' OR ';
      return `(${node.operands.map((operand) => compileNode(operand, scope)).join(joiner)})`;
    }
    case 'not': {
      // IS NOT TRUE, not NOT: a comparison with a NULL column is "not matching", so its
      // negation must match (NOT NULL would stay NULL and drop the row).
      const inner = compileNode(node.operand, scope);
      const grouped = node.operand.kind === 'and' || node.operand.kind === 'or';
      return grouped ? `${inner} IS NOT TRUE` : `(${inner}) IS NOT TRUE`;
    }
    case 'comparison':
      return compileComparison(node, scope);
  }
}
