// Validation rules that refuse an expensive operation before anything runs, so a hostile
// query costs its parse and nothing more: nesting depth, aliases, fields per selection set,
// and a cost that multiplies by the list sizes a selection can reach.

import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface GraphqlLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxFieldsPerSelection: number;
  readonly maxCost: number;
}

/** A list without `limit` is counted at the records API's default page size. */
const DEFAULT_LIST_SIZE = 20;
/** A `limit` given as a variable is counted at the largest page allowed. */
const MAX_LIST_SIZE = 500;

interface Tally {
  depth: number;
  aliases: number;
  widest: number;
  cost: number;
}

/** The `limit` argument's size, if the field has one. */
function limitOf(field: FieldNode): number | undefined {
  const argument = field.arguments?.find((candidate) => candidate.name.value === 'limit');
  if (!argument) return undefined;
  return argument.value.kind === Kind.INT ? Number(argument.value.value) : MAX_LIST_SIZE;
}

class Measure {
  readonly tally: Tally = { depth: 0, aliases: 0, widest: 0, cost: 0 };
  private readonly inFragment = new Set<string>();

  constructor(
    private readonly context: ValidationContext,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly limits: GraphqlLimits,
  ) {}

  /** True once a limit is passed: the walk stops, as a hostile document may be huge. */
  private get over(): boolean {
    return this.tally.depth > this.limits.maxDepth || this.tally.cost > this.limits.maxCost;
  }

  /**
   * Counts `set` on `type`, resolved `times` times; `page` is the list size of `items`
   * below a page field (its `limit`).
   */
  walk(set: SelectionSetNode, type: GraphQLNamedType | undefined, times: number, page: number, depth: number): void {
    let fields = 0;
    const visit = (selections: SelectionSetNode, on: GraphQLNamedType | undefined): void => {
      for (const selection of selections.selections) {
        if (this.over) return;
        if (selection.kind === Kind.FIELD) {
          fields += 1;
          this.field(selection, on, times, page, depth);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition =
            selection.typeCondition && this.context.getSchema().getType(selection.typeCondition.name.value);
          visit(selection.selectionSet, condition ?? on);
        } else {
          const name = selection.name.value;
          const fragment = this.fragments.get(name);
          if (!fragment || this.inFragment.has(name)) continue; // cycles are reported by the standard rules
          this.inFragment.add(name);
          visit(fragment.selectionSet, this.context.getSchema().getType(fragment.typeCondition.name.value) ?? on);
          this.inFragment.delete(name);
        }
      }
    };
    visit(set, type);
    this.tally.widest = Math.max(this.tally.widest, fields);
  }

  private field(field: FieldNode, parent: GraphQLNamedType | undefined, times: number, page: number, depth: number) {
    if (field.alias) this.tally.aliases += 1;
    // Introspection (`__schema`, `__type`) reads the schema, not records: tools such as
    // GraphiQL send a query 13 levels deep for it. It is bounded by the schema's own size,
    // and GRAPHQL_INTROSPECTION turns it off.
    if (field.name.value.startsWith('__')) return;
    this.tally.cost += times;
    if (!field.selectionSet) return;
    this.tally.depth = Math.max(this.tally.depth, depth + 1);
    const definition = isObjectType(parent) ? parent.getFields()[field.name.value] : undefined;
    const limit = limitOf(field);
    const isList = definition !== undefined && isListType(getNullableType(definition.type));
    const size = !isList ? 1 : field.name.value === 'items' ? page : (limit ?? DEFAULT_LIST_SIZE);
    this.walk(
      field.selectionSet,
      definition ? getNamedType(definition.type) : undefined,
      times * size,
      limit ?? DEFAULT_LIST_SIZE,
      depth + 1,
    );
  }
}

function refuse(context: ValidationContext, message: string, limit: string): void {
  context.reportError(new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', limit } }));
}

export function limitRule(limits: GraphqlLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of context.getDocument().definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const root =
        operation.operation === OperationTypeNode.MUTATION
          ? context.getSchema().getMutationType()
          : context.getSchema().getQueryType();
      const measure = new Measure(context, fragments, limits);
      measure.walk(operation.selectionSet, root ?? undefined, 1, DEFAULT_LIST_SIZE, 0);
      const { tally } = measure;
      if (tally.depth > limits.maxDepth) {
        refuse(context, `The operation nests deeper than ${limits.maxDepth} levels (GRAPHQL_MAX_DEPTH).`, 'depth');
      }
      if (tally.aliases > limits.maxAliases) {
        refuse(
          context,
          `The operation uses ${tally.aliases} aliases; at most ${limits.maxAliases} (GRAPHQL_MAX_ALIASES).`,
          'aliases',
        );
      }
      if (tally.widest > limits.maxFieldsPerSelection) {
        refuse(
          context,
          `A selection asks for ${tally.widest} fields; at most ${limits.maxFieldsPerSelection} (GRAPHQL_MAX_FIELDS).`,
          'fields',
        );
      }
      if (tally.cost > limits.maxCost) {
        refuse(
          context,
          `The operation could return more than ${limits.maxCost} values (GRAPHQL_MAX_COST): lower its limits or nesting.`,
          'cost',
        );
      }
      return false;
    },
  });
}
