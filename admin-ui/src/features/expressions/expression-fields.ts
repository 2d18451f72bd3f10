// What an expression can name in a collection, from its metadata: every filterable field (system
// columns included) with the operators the server allows on it, and relation paths followed hop by
// hop. The operator sets mirror libs/schema/src/field-types/operators.ts and the system columns of
// libs/collections/src/query-schema.ts; the server stays the judge of what it accepts.
import type { Operator } from '@stagecraft/query/query-schema';
import type { CollectionDefinition, FieldDefinition } from '../../api';

/** How a value of the field is typed in the builder and written as a literal. */
export type ValueKind = 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'json' | 'choice' | 'id';

export interface ExpressionField {
  name: string;
  /** Shown beside the name in completions: `text`, `relation → authors`. */
  detail: string;
  kind: ValueKind;
  operators: readonly Operator[];
  /** The values a select or multi-select offers. */
  choices?: readonly string[];
  /** A relation's target collection: the path may go on with its fields (`author.name`). */
  target?: string;
  /** The collection whose record ids the value holds (relations, `id`, `created_by`). */
  identifies?: string;
  /** A list column (multi-select): items are looked for with ?=. */
  list?: boolean;
}

/** The built-in users collection: what `@request.auth.id` is an id of. */
export const USERS_COLLECTION = 'users';
/** At most this many relation hops in a path (libs/query/src/limits.ts, maxRelationHops). */
export const MAX_RELATION_HOPS = 3;

const TEXT: readonly Operator[] = ['=', '!=', '~', '!~', 'in', '!in'];
const ORDERED: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<=', 'in', '!in'];
const EQUALITY: readonly Operator[] = ['=', '!=', 'in', '!in'];
const TIMESTAMPS: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<='];

function systemFields(collection: string): ExpressionField[] {
  return [
    { name: 'id', detail: 'id', kind: 'id', operators: EQUALITY, identifies: collection },
    { name: 'created_at', detail: 'datetime', kind: 'datetime', operators: TIMESTAMPS },
    { name: 'updated_at', detail: 'datetime', kind: 'datetime', operators: TIMESTAMPS },
    {
      name: 'created_by',
      detail: `relation → ${USERS_COLLECTION}`,
      kind: 'id',
      operators: EQUALITY,
      target: USERS_COLLECTION,
      identifies: USERS_COLLECTION,
    },
    { name: 'version', detail: 'integer', kind: 'integer', operators: TIMESTAMPS },
  ];
}

/** The field as an expression sees it; undefined when filters cannot use it (secrets, file lists). */
function expressionField(field: FieldDefinition): ExpressionField | undefined {
  const { name, options } = field;
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'url':
      return { name, detail: field.type.replace('_', ' '), kind: 'text', operators: TEXT };
    case 'integer':
      return { name, detail: 'integer', kind: 'integer', operators: ORDERED };
    case 'number':
      return { name, detail: 'number', kind: 'number', operators: ORDERED };
    case 'boolean':
      return { name, detail: 'boolean', kind: 'boolean', operators: ['=', '!='] };
    case 'date':
      return { name, detail: 'date', kind: 'date', operators: ORDERED };
    case 'datetime':
      return { name, detail: 'datetime', kind: 'datetime', operators: ORDERED };
    case 'json':
      return { name, detail: 'json', kind: 'json', operators: ['?=', '=', '!='] };
    case 'select':
      return { name, detail: 'select', kind: 'choice', operators: EQUALITY, choices: options.values ?? [] };
    case 'multi_select':
      return {
        name,
        detail: 'multi-select',
        kind: 'choice',
        operators: ['?=', '=', '!='],
        choices: options.values ?? [],
        list: true,
      };
    case 'relation': {
      const target = options.target ?? '';
      const manyToOne = (options.kind ?? 'many_to_one') === 'many_to_one';
      return {
        name,
        detail: `relation → ${target}${manyToOne ? '' : ' (many)'}`,
        kind: 'id',
        operators: manyToOne ? EQUALITY : ['?='],
        target,
        identifies: target,
      };
    }
    case 'file':
      return options.multiple === true ? undefined : { name, detail: 'file', kind: 'text', operators: ['=', '!='] };
    case 'secret':
      return undefined;
  }
}

/** Every field an expression on `collection` may name directly, system columns first. */
export function expressionFields(collection: CollectionDefinition): ExpressionField[] {
  const own = collection.fields.flatMap((field) => expressionField(field) ?? []);
  return [...systemFields(collection.name), ...own];
}

/** The collections an expression can reach, looked up by name. */
export interface ExpressionScope {
  /** The collection the expression is about. */
  collection: string;
  collections: readonly CollectionDefinition[];
}

export function fieldsOf(scope: ExpressionScope, collection: string): ExpressionField[] {
  const found = scope.collections.find((item) => item.name === collection);
  return found ? expressionFields(found) : [];
}

/** The field a dotted path ends on, following relations; undefined when a segment is unknown. */
export function resolvePath(scope: ExpressionScope, path: string): ExpressionField | undefined {
  const segments = path.split('.');
  if (segments.length - 1 > MAX_RELATION_HOPS) return undefined;
  let collection = scope.collection;
  let field: ExpressionField | undefined;
  for (const [index, segment] of segments.entries()) {
    if (index > 0) {
      if (field?.target === undefined) return undefined;
      collection = field.target;
    }
    field = fieldsOf(scope, collection).find((item) => item.name === segment);
    if (!field) return undefined;
  }
  return field;
}
