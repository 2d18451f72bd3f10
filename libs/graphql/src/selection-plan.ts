// What a GraphQL selection asks of a collection's relations: for each response key (an alias
// or the field's name) the relation, its arguments and what is selected of its target, with
// fragments merged and @skip/@include applied. The loader turns this tree into SQL up front,
// so no resolver below a root field ever queries.

import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { CompiledCollection, CompiledField, CompiledSchema } from '@stagecraft/records';

export interface RelationArgs {
  readonly filter?: string | null;
  readonly sort?: string | null;
  readonly limit?: number | null;
}

export interface RelationSelection {
  readonly responseKey: string;
  readonly field: CompiledField;
  readonly target: CompiledCollection;
  readonly args: RelationArgs;
  readonly plan: SelectionPlan;
}

export interface SelectionPlan {
  readonly relations: readonly RelationSelection[];
  /**
   * The columns the selection reads: its fields, the stored ids of `<relation>_id(s)`, and the
   * key of every relation it follows (a to-one's id, a many-to-many's ids). `id` is always read.
   */
  readonly fields: ReadonlySet<string>;
}

export const EMPTY_PLAN: SelectionPlan = { relations: [], fields: new Set() };

const SYSTEM_FIELDS = new Set(['id', 'created_at', 'updated_at', 'created_by', 'version']);

/** The column a selected field reads, if any: itself, or the relation behind `<name>_id(s)`. */
function columnOf(collection: CompiledCollection, name: string): string | undefined {
  if (SYSTEM_FIELDS.has(name) || collection.fields.get(name)?.readable) return name;
  const relation = /^(.+)_ids?$/.exec(name)?.[1];
  return relation !== undefined && collection.fields.get(relation)?.definition.type === 'relation'
    ? relation
    : undefined;
}

type Variables = GraphQLResolveInfo['variableValues'];

function included(node: { directives?: readonly unknown[] }, variables: Variables): boolean {
  const typed = node as Parameters<typeof getDirectiveValues>[1];
  if (getDirectiveValues(GraphQLSkipDirective, typed, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, typed, variables)?.if !== false;
}

/** The fields of a selection set by response key, fragments included. */
function collectFields(
  info: GraphQLResolveInfo,
  selectionSet: SelectionSetNode | undefined,
  into = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  for (const selection of selectionSet?.selections ?? []) {
    if (!included(selection, info.variableValues)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectFields(info, selection.selectionSet, into);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) collectFields(info, fragment.selectionSet, into);
    }
  }
  return into;
}

/** The sub-selections of several nodes of one response key, merged. */
function mergedSelection(nodes: readonly FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []) };
}

/** The fields selected below `nodes` (one response key's), by response key. */
export function subfields(info: GraphQLResolveInfo, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  return collectFields(info, mergedSelection(nodes));
}

/** A plan computed for one field node, and what it was computed on. */
interface KeptPlan {
  readonly schema: CompiledSchema;
  readonly type: GraphQLOutputType;
  readonly plan: SelectionPlan;
}

/**
 * Plans by the field node they start from. Parsed documents are kept and shared (see
 * GraphqlService.parse), so a client sending the same document has its plan computed once per
 * schema version, unless the plan read a variable (an argument or @skip/@include): then it
 * is computed for every operation.
 */
const keptPlans = new WeakMap<FieldNode, KeptPlan>();

/** The relations `nodes` (fields of `type`, `collection`'s) select, recursively; kept where it can be. */
export function planOf(
  info: GraphQLResolveInfo,
  schema: CompiledSchema,
  collection: CompiledCollection,
  type: GraphQLOutputType,
  nodes: readonly FieldNode[],
): SelectionPlan {
  const node = nodes.length === 1 ? nodes[0] : undefined;
  const kept = node && keptPlans.get(node);
  if (kept && kept.schema === schema && kept.type === type) return kept.plan;
  const reads = { variables: false };
  const variables = new Proxy(info.variableValues, {
    get(target, name) {
      reads.variables = true;
      return Reflect.get(target, name) as unknown;
    },
  });
  const plan = computePlan({ ...info, variableValues: variables }, schema, collection, type, nodes);
  if (node && !reads.variables) keptPlans.set(node, { schema, type, plan });
  return plan;
}

function computePlan(
  info: GraphQLResolveInfo,
  schema: CompiledSchema,
  collection: CompiledCollection,
  type: GraphQLOutputType,
  nodes: readonly FieldNode[],
): SelectionPlan {
  if (!isObjectType(type)) return EMPTY_PLAN;
  const definitions = type.getFields();
  const relations: RelationSelection[] = [];
  const fields = new Set<string>();
  for (const [responseKey, fieldNodes] of subfields(info, nodes)) {
    const first = fieldNodes[0] as FieldNode;
    const field = collection.fields.get(first.name.value);
    const definition = definitions[first.name.value];
    const column = columnOf(collection, first.name.value);
    if (column !== undefined) fields.add(column);
    if (!field || field.definition.type !== 'relation' || !definition) continue;
    const target = schema.collections.get(field.target as string);
    if (!target) continue;
    relations.push({
      responseKey,
      field,
      target,
      args: getArgumentValues(definition, first, info.variableValues),
      plan: computePlan(info, schema, target, getNamedType(definition.type), fieldNodes),
    });
  }
  return { relations, fields };
}
