// Ids of different collections are never equal: `author = @request.auth.id` where author
// points at "authors" matches nothing. This finds such comparisons and names a relation path
// that would work, from the metadata (the compiler checks it for what is being written now).

import type { ComparisonExpression, FieldReference, Operand } from './ast.js';
import { ExpressionError } from './expression-error.js';
import { formatExpression } from './format.js';
import { DEFAULT_LIMITS } from './limits.js';
import type { QueryCollection, QueryField, QuerySchema } from './query-schema.js';

/** One side of a comparison as far as ids go. */
export type IdOperand =
  | {
      readonly kind: 'field';
      readonly node: FieldReference;
      /** The last field of the path. */
      readonly field: QueryField;
      readonly identifies: string | undefined;
    }
  | { readonly kind: 'auth'; readonly identifies: string | undefined; readonly position: number }
  | {
      readonly kind: 'body';
      readonly field: string;
      readonly identifies: string | undefined;
      readonly position: number;
    }
  | { readonly kind: 'other' };

/** At most this many relations are proposed in one message. */
const MAX_SUGGESTIONS = 2;

/** Refuses `left op right` when both hold ids, of two different collections. */
export function assertSameIdentity(
  left: IdOperand,
  right: IdOperand,
  node: ComparisonExpression,
  schema: QuerySchema,
): void {
  const a = identityOf(left);
  const b = identityOf(right);
  if (a === undefined || b === undefined || a === b) return;
  if (left.kind === 'auth' || right.kind === 'auth') {
    const other = left.kind === 'auth' ? right : left;
    const auth = left.kind === 'auth' ? left : right;
    const position = positionOf(other);
    const fixes = other.kind === 'field' ? suggestions(other, auth, node, schema) : [];
    const ending = fixes.length > 0 ? `; did you mean ${fixes.join(' or ')}?` : '.';
    const not = other.kind === 'field' && other.field.recordId === true ? 'not of' : 'not at';
    throw new ExpressionError(
      'TYPE_MISMATCH',
      `Type mismatch at character ${position + 1}: ${describe(other)}, ${not} "${identityOf(auth) ?? ''}", so it never equals @request.auth.id${ending}`,
      position,
    );
  }
  const position = positionOf(right);
  throw new ExpressionError(
    'TYPE_MISMATCH',
    `Type mismatch at character ${position + 1}: ${describe(left)} and ${describe(right)}, so they are never equal.`,
    position,
  );
}

function identityOf(operand: IdOperand): string | undefined {
  return operand.kind === 'other' ? undefined : operand.identifies;
}

function positionOf(operand: IdOperand): number {
  switch (operand.kind) {
    case 'field':
      return operand.node.position;
    case 'auth':
    case 'body':
      return operand.position;
    case 'other':
      return 0;
  }
}

function describe(operand: IdOperand): string {
  switch (operand.kind) {
    case 'field': {
      const label = `"${operand.node.path.join('.')}"`;
      return operand.field.recordId === true
        ? `${label} is an id of "${operand.identifies ?? ''}"`
        : `${label} points at "${operand.identifies ?? ''}"`;
    }
    case 'auth':
      return `@request.auth.id is an id of "${operand.identifies ?? ''}"`;
    case 'body':
      return `@request.body.${operand.field} points at "${operand.identifies ?? ''}"`;
    case 'other':
      return 'the value';
  }
}

/**
 * The comparison rewritten through each relation of the field's collection that points at
 * the users collection: `author` becomes `author.owner`, a row's `id` becomes `owner`.
 * Relations an admin added come before `created_by`, which every collection has.
 */
function suggestions(
  field: Extract<IdOperand, { kind: 'field' }>,
  auth: IdOperand,
  node: ComparisonExpression,
  schema: QuerySchema,
): string[] {
  const users = identityOf(auth);
  const target = field.identifies === undefined ? undefined : schema.collection(field.identifies);
  if (users === undefined || target === undefined) return [];
  const base = field.field.recordId === true ? field.node.path.slice(0, -1) : field.node.path;
  // The suggested path has base.length + 1 segments, so base.length hops.
  if (base.length > DEFAULT_LIMITS.maxRelationHops) return [];
  return relationsTo(target, users)
    .slice(0, MAX_SUGGESTIONS)
    .map((name) => {
      const path: FieldReference = { ...field.node, path: [...base, name] };
      const swap = (operand: Operand): Operand => (operand === field.node ? path : operand);
      // `?=` reads "is related to" on a to-many path; after one more hop `=` says the same.
      const operator = node.operator === '?=' ? '=' : node.operator;
      return formatExpression({ ...node, operator, left: swap(node.left), right: swap(node.right) });
    });
}

function relationsTo(collection: QueryCollection, target: string): string[] {
  const rank = (field: QueryField): number => {
    if (field.name === 'created_by') return 2;
    return field.relation?.kind === 'many_to_one' ? 0 : 1;
  };
  return [...collection.fields.values()]
    .filter((field) => field.filterable && field.relation?.target === target)
    .sort((a, b) => rank(a) - rank(b))
    .map((field) => field.name);
}
