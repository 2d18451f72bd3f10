// Compiles one comparison to SQL: resolves both sides, checks operator and types against the
// storage kinds, binds values as cast parameters, and wraps relation paths in EXISTS.
//
// Semantics chosen here (and tested in compiler.spec.ts):
// - A comparison whose operand is SQL NULL is not true; `!x` is `(x) IS NOT TRUE`, so
//   `!(qty > 5)` includes rows with no qty. `!=`, `!~` and `!in` are exactly the negation of
//   `=`, `~` and `in`: for a value that is null at run time (an anonymous `@request.auth.id`)
//   `owner = @request.auth.id` matches nothing and `owner != @request.auth.id` everything.
//   Only the literal `null` tests for absence (`IS NULL`).
// - Relation paths: `=`, `>`, `~`, `in`, `?=`… mean "some related record matches"; the negated
//   operators mean "no related record matches" (so `author.name != "x"` holds with no author).
//   `path = null` means "no related record has a value" (true with no author at all) and
//   `path != null` means "some related record has a value". Each comparison gets its own EXISTS,
//   so on to-many paths `a.x = 1 && a.y = 2` may be satisfied by two different records.

import type {
  ComparisonExpression,
  FieldReference,
  ListLiteral,
  MacroReference,
  Operand,
  ScalarLiteral,
} from './ast.js';
import { ExpressionError } from './expression-error.js';
import { assertSameIdentity, type IdOperand } from './id-identity.js';
import { OPERATORS, type Operator, type StorageKind } from './query-schema.js';
import { filterableNames, resolveField, wrapInExists, type PathScope, type ResolvedField } from './relation-path.js';
import { compilableOperators, sqlCast, storageExpectation, storageLabel, storagesCompatible } from './storage-rules.js';
import { bindValue, containsPattern, type RuntimeValue } from './value-binding.js';
import type { CompileContext } from './compile-context.js';

export interface ComparisonScope extends PathScope {
  readonly ctx: CompileContext;
}

type ValueNode = Exclude<ScalarLiteral, { kind: 'null' }> | MacroReference;

interface FieldSide {
  readonly kind: 'field';
  readonly node: FieldReference;
  readonly resolved: ResolvedField;
}

interface ValueSide {
  readonly kind: 'value';
  readonly node: ValueNode;
  /** The kind this value is compared as when nothing else decides. */
  readonly natural: StorageKind;
  /** Set for `@request.body.<field>`: the value is bound with that field's storage. */
  readonly declared: StorageKind | undefined;
  readonly runtime: RuntimeValue;
}

type Side = FieldSide | ValueSide;

/** What a comparison is typed as, and who decided it (for messages). */
interface Anchor {
  readonly storage: StorageKind;
  readonly subject: string;
}

type PositiveOperator = '=' | '>' | '>=' | '<' | '<=' | '~' | 'in' | '?=';

const POSITIVE: Readonly<Record<Operator, PositiveOperator>> = {
  '=': '=',
  '!=': '=',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
  '~': '~',
  '!~': '~',
  in: 'in',
  '!in': 'in',
  '?=': '?=',
};

export function compileComparison(node: ComparisonExpression, scope: ComparisonScope): string {
  const { operator } = node;
  const right = checkListPlacement(node);
  const { left } = node;
  if (left.kind === 'list') throw listMisplaced(left);
  if (left.kind === 'null' || right.kind === 'null') return compileNullTest(node, left, right, scope);

  const leftSide = toSide(left, scope);
  if (right.kind === 'list') {
    assertOperatorAllowed(operator, leftSide, node);
    return finish(operator, leftSide, undefined, compileIn(operator, leftSide, right, scope));
  }
  const rightSide = toSide(right, scope);
  assertOperatorAllowed(operator, leftSide, node);
  // After ?= the right side is one item, not a collection, so the operator is not its to allow.
  if (operator !== '?=') assertOperatorAllowed(operator, rightSide, node);
  return finish(operator, leftSide, rightSide, compilePositive(POSITIVE[operator], leftSide, rightSide, node, scope));
}

/** Wraps the predicate in the EXISTS of each path (right inside left) and applies negation. */
function finish(operator: Operator, left: Side, right: Side | undefined, predicate: string): string {
  const leftSteps = left.kind === 'field' ? left.resolved.steps : [];
  const rightSteps = right?.kind === 'field' ? right.resolved.steps : [];
  const sql = wrapInExists(leftSteps, wrapInExists(rightSteps, predicate));
  if (POSITIVE[operator] === operator) return sql;
  // EXISTS is never null, so plain NOT is exact there; elsewhere NULL must count as "not true".
  return leftSteps.length + rightSteps.length > 0 ? `NOT ${sql}` : `(${sql}) IS NOT TRUE`;
}

function checkListPlacement(node: ComparisonExpression): Operand {
  const takesList = node.operator === 'in' || node.operator === '!in';
  if (takesList && node.right.kind !== 'list') {
    throw new ExpressionError(
      'SYNTAX',
      `Expected a list like [1, 2] after ${node.operator} at character ${node.operatorPosition + 1}.`,
      node.right.position,
    );
  }
  if (!takesList && node.right.kind === 'list') throw listMisplaced(node.right);
  return node.right;
}

function listMisplaced(list: ListLiteral): ExpressionError {
  return new ExpressionError(
    'SYNTAX',
    `Unexpected list at character ${list.position + 1}; a list can only follow in or !in.`,
    list.position,
  );
}

function compilePositive(
  operator: PositiveOperator,
  left: Side,
  right: Side,
  node: ComparisonExpression,
  scope: ComparisonScope,
): string {
  switch (operator) {
    case '=':
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const list = [left, right].find((side) => side.kind === 'field' && side.resolved.storage === 'text_array');
      if (list?.kind === 'field') {
        throw new ExpressionError(
          'TYPE_MISMATCH',
          `Type mismatch at character ${list.node.position + 1}: ${fieldAnchor(list).subject} can only be compared with null using = or !=; use ?= to look for an item.`,
          list.node.position,
        );
      }
      const anchor = anchorOf(left, right);
      assertCompilable(node.operator, anchor, node);
      assertCanMatch(left, right, node, scope);
      return `${operandSql(left, anchor, scope)} ${operator} ${operandSql(right, anchor, scope)}`;
    }
    case '~': {
      const anchor: Anchor = left.kind === 'field' ? fieldAnchor(left) : valueAnchor(left);
      assertCompilable(node.operator, anchor, node);
      if (right.kind === 'field') {
        throw new ExpressionError(
          'TYPE_MISMATCH',
          `Type mismatch at character ${right.node.position + 1}: the text to look for after ${node.operator} must be a value, not a field.`,
          right.node.position,
        );
      }
      const textAnchor: Anchor = { storage: 'text', subject: anchor.subject };
      assertAccepts(right, textAnchor);
      const leftSql = operandSql(left, anchor, scope);
      const text = bindSide(right, textAnchor, 'text');
      const pattern = typeof text === 'string' ? containsPattern(text) : null;
      return `${leftSql} ILIKE ${addParam(scope, pattern, 'text')} ESCAPE '\\'`;
    }
    case '?=': {
      if (left.kind !== 'field') {
        throw new ExpressionError(
          'TYPE_MISMATCH',
          `Type mismatch at character ${left.node.position + 1}: ?= needs a list field on its left, as in tags ?= "sale".`,
          left.node.position,
        );
      }
      const { resolved } = left;
      const element: Anchor = {
        storage: resolved.storage === 'text_array' ? 'text' : resolved.storage,
        subject: `an item of "${resolved.label}" (${storageLabel(resolved.storage)})`,
      };
      assertAccepts(right, element);
      assertCanMatch(left, right, node, scope);
      const item = operandSql(right, element, scope);
      if (resolved.storage === 'text_array') return `${item} = ANY(${resolved.ref})`;
      if (resolved.storage === 'jsonb') return `${resolved.ref} @> jsonb_build_array(${item})`;
      // A to-many relation: the EXISTS around this already ranges over the related ids.
      return `${resolved.ref} = ${item}`;
    }
    case 'in':
      // Lists are handled by compileIn; reaching here means a hand-built AST.
      throw new ExpressionError('SYNTAX', `Expected a list after ${node.operator}.`, node.operatorPosition);
  }
}

function compileIn(operator: Operator, left: Side, list: ListLiteral, scope: ComparisonScope): string {
  const anchor: Anchor = left.kind === 'field' ? fieldAnchor(left) : valueAnchor(left);
  if (!compilableOperators(anchor.storage).has(operator)) {
    throw operatorNotAllowed(operator, anchor, list.position);
  }
  const params = list.items.map((item) => {
    if (item.kind === 'null') {
      throw new ExpressionError(
        'TYPE_MISMATCH',
        `Type mismatch at character ${item.position + 1}: a list cannot hold null; use = null or != null.`,
        item.position,
      );
    }
    const side = literalSide(item);
    assertAccepts(side, anchor);
    return bindSide(side, anchor, anchor.storage);
  });
  return `${operandSql(left, anchor, scope)} = ANY(${addParam(scope, params, `${sqlCast(anchor.storage)}[]`)})`;
}

/** `x = null` / `x != null`: the only way to test for absence. */
function compileNullTest(node: ComparisonExpression, left: Operand, right: Operand, scope: ComparisonScope): string {
  const nullNode = left.kind === 'null' ? left : right;
  const other = left.kind === 'null' ? right : left;
  if (node.operator !== '=' && node.operator !== '!=') {
    throw new ExpressionError(
      'TYPE_MISMATCH',
      `Type mismatch at character ${nullNode.position + 1}: null can only be compared with = or !=.`,
      nullNode.position,
    );
  }
  if (other.kind === 'null' || other.kind === 'list') {
    throw new ExpressionError(
      'TYPE_MISMATCH',
      `Type mismatch at character ${other.position + 1}: compare null with a field or a value.`,
      other.position,
    );
  }
  const side = toSide(other, scope);
  const absent = node.operator === '=';
  if (side.kind === 'value') {
    const storage = side.declared ?? side.natural;
    const param = bindSide(side, { storage, subject: describeValue(side) }, storage);
    return `${addParam(scope, param, sqlCast(storage))} ${absent ? 'IS NULL' : 'IS NOT NULL'}`;
  }
  assertOperatorAllowed(node.operator, side, node);
  const { steps, ref } = side.resolved;
  if (steps.length === 0) return `${ref} ${absent ? 'IS NULL' : 'IS NOT NULL'}`;
  const someValue = wrapInExists(steps, `${ref} IS NOT NULL`);
  return absent ? `NOT ${someValue}` : someValue;
}

function toSide(operand: Exclude<Operand, ListLiteral | { kind: 'null' }>, scope: ComparisonScope): Side {
  switch (operand.kind) {
    case 'field':
      return { kind: 'field', node: operand, resolved: resolveField(operand, scope) };
    case 'macro':
      return macroSide(operand, scope);
    case 'string':
    case 'number':
    case 'boolean':
      return literalSide(operand);
  }
}

function valueSide(node: ValueNode, natural: StorageKind, runtime: RuntimeValue, declared?: StorageKind): ValueSide {
  return { kind: 'value', node, natural, declared, runtime };
}

function literalSide(node: Exclude<ScalarLiteral, { kind: 'null' }>): ValueSide {
  switch (node.kind) {
    case 'string':
      return valueSide(node, 'text', { type: 'plain', value: node.value });
    case 'number':
      return valueSide(node, 'numeric', { type: 'decimal', raw: node.raw });
    case 'boolean':
      return valueSide(node, 'boolean', { type: 'plain', value: node.value });
  }
}

function macroSide(node: MacroReference, scope: ComparisonScope): ValueSide {
  const { request, now, collection } = scope.ctx;
  switch (node.macro) {
    case 'now':
      return valueSide(node, 'timestamptz', { type: 'instant', at: now });
    case 'auth.id':
      return valueSide(node, 'text', { type: 'plain', value: request.auth?.id ?? null });
    case 'auth.role':
      return valueSide(node, 'text', { type: 'plain', value: request.auth?.role ?? null });
    case 'auth.aal':
      return valueSide(node, 'integer', { type: 'plain', value: request.auth?.aal ?? null });
    case 'body': {
      const field = collection.fields.get(node.field);
      if (field === undefined) {
        const position = node.position + '@request.body.'.length;
        throw new ExpressionError(
          'UNKNOWN_FIELD',
          `Unknown field "${node.field}" at character ${position + 1}; valid fields: ${filterableNames(collection)}.`,
          position,
        );
      }
      const body = request.body;
      const value = body !== undefined && Object.hasOwn(body, node.field) ? body[node.field] : null;
      return valueSide(node, field.storage, { type: 'plain', value }, field.storage);
    }
  }
}

/** With `rejectNeverMatching`: ids of two different collections are refused, with a fix when there is one. */
function assertCanMatch(left: Side, right: Side, node: ComparisonExpression, scope: ComparisonScope): void {
  if (scope.ctx.rejectNeverMatching !== true) return;
  assertSameIdentity(idOperand(left, scope), idOperand(right, scope), node, scope.schema);
}

function idOperand(side: Side, scope: ComparisonScope): IdOperand {
  if (side.kind === 'field') {
    const { field, identifies } = side.resolved;
    return { kind: 'field', node: side.node, field, identifies };
  }
  const { node } = side;
  if (node.kind !== 'macro') return { kind: 'other' };
  if (node.macro === 'auth.id')
    return { kind: 'auth', identifies: scope.schema.usersCollection, position: node.position };
  if (node.macro !== 'body') return { kind: 'other' };
  const field = scope.collection.fields.get(node.field);
  const identifies =
    field?.relation?.kind === 'many_to_one'
      ? field.relation.target
      : field?.recordId === true
        ? scope.collection.name
        : undefined;
  return { kind: 'body', field: node.field, identifies, position: node.position };
}

function fieldAnchor(side: FieldSide): Anchor {
  const { label, storage } = side.resolved;
  return { storage, subject: `"${label}" (${storageLabel(storage)})` };
}

function valueAnchor(side: ValueSide): Anchor {
  return { storage: side.natural, subject: `${describeValue(side)} (${storageLabel(side.natural)})` };
}

/** A field decides the type; between two values, a macro decides over a plain literal. */
function anchorOf(left: Side, right: Side): Anchor {
  if (left.kind === 'field' && right.kind === 'field') {
    const anchor = fieldAnchor(left);
    if (!storagesCompatible(left.resolved.storage, right.resolved.storage)) {
      throw new ExpressionError(
        'TYPE_MISMATCH',
        `Type mismatch at character ${right.node.position + 1}: ${anchor.subject} cannot be compared with ${fieldAnchor(right).subject}.`,
        right.node.position,
      );
    }
    return anchor;
  }
  let anchor: Anchor;
  if (left.kind === 'field') anchor = fieldAnchor(left);
  else if (right.kind === 'field') anchor = fieldAnchor(right);
  else anchor = left.node.kind !== 'macro' && right.node.kind === 'macro' ? valueAnchor(right) : valueAnchor(left);
  assertAccepts(left, anchor);
  assertAccepts(right, anchor);
  return anchor;
}

/** Which storages a value may be compared as, before its actual content is checked. */
function accepts(side: ValueSide, storage: StorageKind): boolean {
  const { node } = side;
  switch (node.kind) {
    case 'string':
      return ['text', 'uuid', 'date', 'timestamptz', 'jsonb'].includes(storage);
    case 'number':
      return ['integer', 'numeric', 'jsonb'].includes(storage);
    case 'boolean':
      return ['boolean', 'jsonb'].includes(storage);
    case 'macro':
      switch (node.macro) {
        case 'now':
          return storage === 'timestamptz' || storage === 'date';
        case 'auth.id':
          return storage === 'text' || storage === 'uuid';
        case 'auth.role':
          return storage === 'text';
        case 'auth.aal':
          return storage === 'integer' || storage === 'numeric';
        case 'body':
          return side.declared !== undefined && storagesCompatible(side.declared, storage);
      }
  }
}

function assertAccepts(side: Side, anchor: Anchor): void {
  if (side.kind === 'field') {
    if (!storagesCompatible(side.resolved.storage, anchor.storage)) {
      throw new ExpressionError(
        'TYPE_MISMATCH',
        `Type mismatch at character ${side.node.position + 1}: ${anchor.subject} cannot be compared with ${fieldAnchor(side).subject}.`,
        side.node.position,
      );
    }
    return;
  }
  if (!accepts(side, anchor.storage)) throw mismatch(side, anchor, describeValue(side));
}

/** SQL for one side: the column reference, or a cast parameter. */
function operandSql(side: Side, anchor: Anchor, scope: ComparisonScope): string {
  if (side.kind === 'field') return side.resolved.ref;
  // A body value keeps its own field's type (a decimal body value against an integer column).
  const storage = side.declared ?? anchor.storage;
  return addParam(scope, bindSide(side, anchor, storage), sqlCast(storage));
}

function bindSide(side: ValueSide, anchor: Anchor, storage: StorageKind): unknown {
  const binding = bindValue(side.runtime, storage);
  if (binding.ok) return binding.param;
  if (side.node.kind !== 'macro') throw mismatch(side, { storage, subject: anchor.subject }, describeValue(side));
  // A macro's value is only known now; say what it held so the caller can see the clash.
  const { position } = side.node;
  throw new ExpressionError(
    'TYPE_MISMATCH',
    `Type mismatch at character ${position + 1}: ${describeValue(side)} is ${describeRuntime(side.runtime)}, but ${storageExpectation(storage)} is needed here.`,
    position,
  );
}

function mismatch(side: ValueSide, anchor: Anchor, got: string): ExpressionError {
  const { position } = side.node;
  return new ExpressionError(
    'TYPE_MISMATCH',
    `Type mismatch at character ${position + 1}: ${anchor.subject} expects ${storageExpectation(anchor.storage)}, got ${got}.`,
    position,
  );
}

function addParam(scope: ComparisonScope, value: unknown, cast: string): string {
  scope.ctx.params.push(value);
  return `$${scope.ctx.params.length}::${cast}`;
}

function assertOperatorAllowed(operator: Operator, side: Side, node: ComparisonExpression): void {
  if (side.kind !== 'field') return;
  const { resolved } = side;
  const compilable = compilableOperators(resolved.storage);
  // ?= on a to-many relation reads as "is related to", the same as = there.
  const compiles = (op: Operator): boolean => compilable.has(op) || (op === '?=' && resolved.relatedIds);
  const allowed = OPERATORS.filter((op) => compiles(op) && resolved.field.operators.has(op));
  if (!allowed.includes(operator)) {
    throw new ExpressionError(
      'OPERATOR_NOT_ALLOWED',
      `Operator "${operator}" is not allowed on "${resolved.label}" (${storageLabel(resolved.storage)}); ${allowedList(allowed)}.`,
      node.operatorPosition,
    );
  }
}

/** For comparisons between values, where no field metadata narrows the operators. */
function assertCompilable(operator: Operator, anchor: Anchor, node: ComparisonExpression): void {
  if (!compilableOperators(anchor.storage).has(operator)) {
    throw operatorNotAllowed(operator, anchor, node.operatorPosition);
  }
}

function operatorNotAllowed(operator: Operator, anchor: Anchor, position: number): ExpressionError {
  const allowed = OPERATORS.filter((op) => compilableOperators(anchor.storage).has(op));
  return new ExpressionError(
    'OPERATOR_NOT_ALLOWED',
    `Operator "${operator}" is not allowed on ${anchor.subject}; ${allowedList(allowed)}.`,
    position,
  );
}

function allowedList(allowed: readonly Operator[]): string {
  return allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'no operators are allowed';
}

function describeValue(side: ValueSide): string {
  const { node } = side;
  switch (node.kind) {
    case 'string':
      return JSON.stringify(node.value.length > 24 ? `${node.value.slice(0, 24)}…` : node.value);
    case 'number':
      return node.raw;
    case 'boolean':
      return String(node.value);
    case 'macro':
      switch (node.macro) {
        case 'now':
          return '@now';
        case 'auth.id':
          return '@request.auth.id';
        case 'auth.role':
          return '@request.auth.role';
        case 'auth.aal':
          return '@request.auth.aal';
        case 'body':
          return `@request.body.${node.field}`;
      }
  }
}

function describeRuntime(value: RuntimeValue): string {
  switch (value.type) {
    case 'decimal':
      return 'a number';
    case 'instant':
      return 'a date-time';
    case 'plain': {
      const v = value.value;
      if (Array.isArray(v)) return 'a list';
      if (typeof v === 'object' && v !== null) return 'an object';
      if (typeof v === 'string') {
        return v.includes('\0')
          ? 'a string with a NUL character'
          : JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
      }
      return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
    }
  }
}
