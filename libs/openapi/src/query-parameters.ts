// The query parameters whose documentation depends on the collection: filter (its fields and
// operators), sort, fields and expand (the names each accepts), described in Markdown.
import { DEFAULT_LIMITS } from '@stagecraft/query';
import { fieldOperators, type CollectionDefinition, type FilterOperator } from '@stagecraft/schema';
import {
  FILTERABLE_SYSTEM_FIELDS,
  SELECTABLE_SYSTEM_FIELDS,
  SORTABLE_SYSTEM_FIELDS,
  isExpandable,
  isFilterable,
  isReadable,
  isSortable,
  isToOne,
  orderedFields,
} from './field-roles.js';
import type { ParameterObject } from './openapi-types.js';

/** Relation hops a filter path may take (`a.b.c.d` has 3), as the query library caps them. */
const MAX_FILTER_HOPS = DEFAULT_LIMITS.maxRelationHops;
const MAX_EXPAND_DEPTH = 2;
/** `sort`, `fields` and `expand` are refused beyond this length (MAX_LIST_PARAM_LENGTH in libs/records). */
const LIST_PARAM_MAX_LENGTH = 4096;
const listParam = { type: 'string', maxLength: LIST_PARAM_MAX_LENGTH } as const;

const code = (text: string): string => `\`${text}\``;
const codeList = (names: readonly string[]): string => names.map(code).join(', ');

function filterableFields(collection: CollectionDefinition): [string, readonly FilterOperator[]][] {
  const own = orderedFields(collection)
    .filter(isFilterable)
    .map((field): [string, readonly FilterOperator[]] => [field.name, fieldOperators(field)]);
  return [
    ...FILTERABLE_SYSTEM_FIELDS.map(([name, operators]): [string, readonly FilterOperator[]] => [name, operators]),
    ...own,
  ];
}

function filterDescription(collection: CollectionDefinition, purpose: string): string {
  const fields = filterableFields(collection)
    .map(([name, operators]) => `- ${code(name)}: ${codeList(operators)}`)
    .join('\n');
  return [
    `${purpose} An expression such as ${code('qty > 5 && (title ~ "lamp" || tags ?= "sale")')}: comparisons joined with ${codeList(['&&', '||', '!'])} and parentheses; values are strings, numbers, booleans, ${code('null')} and lists ${code('[1, 2]')}.`,
    `${code('~')} and ${code('!~')} match a substring case-insensitively; ${code('?=')} tests whether an array or to-many relation contains a value. Relation fields can be followed (${code('author.email')}), up to ${MAX_FILTER_HOPS} hops. Unknown fields or operators answer 400.`,
    `Filterable fields of ${code(collection.name)} and their operators:`,
    fields,
  ].join('\n\n');
}

export function filterParameter(collection: CollectionDefinition, required: boolean): ParameterObject {
  const purpose = required ? 'Required: selects the records this call changes.' : 'Keeps only the records that match.';
  return {
    name: 'filter',
    in: 'query',
    required,
    description: filterDescription(collection, purpose),
    schema: { type: 'string', minLength: 1, maxLength: DEFAULT_LIMITS.maxLength },
    example: 'created_at >= "2024-01-01T00:00:00Z"',
  };
}

export function sortParameter(collection: CollectionDefinition): ParameterObject {
  const names = [
    ...SORTABLE_SYSTEM_FIELDS,
    ...orderedFields(collection)
      .filter(isSortable)
      .map((f) => f.name),
  ];
  const relations = orderedFields(collection)
    .filter(isToOne)
    .map((f) => f.name);
  const first = relations[0];
  const related =
    first === undefined
      ? ''
      : ` A sortable field of a related record is named through a to-one relation, one level deep (e.g. ${code(`${first}.created_at`)}); a related record the caller may not view sorts as null. To-one relations: ${codeList(relations)}.`;
  return {
    name: 'sort',
    in: 'query',
    description: `Comma-separated fields to order by, each prefixed with ${code('-')} for descending, e.g. ${code('-created_at,id')}. Sortable fields: ${codeList(names)}.${related}`,
    schema: { ...listParam },
    example: '-created_at',
  };
}

export function fieldsParameter(collection: CollectionDefinition): ParameterObject {
  const names = [
    ...SELECTABLE_SYSTEM_FIELDS,
    ...orderedFields(collection)
      .filter(isReadable)
      .map((f) => f.name),
  ];
  return {
    name: 'fields',
    in: 'query',
    description: `Comma-separated fields to return (default: all). Fields: ${codeList(names)}.`,
    schema: { ...listParam },
    example: 'id,created_at',
  };
}

/** Null when the collection has no relation to expand. */
export function expandParameter(collection: CollectionDefinition): ParameterObject | null {
  const names = orderedFields(collection)
    .filter(isExpandable)
    .map((f) => f.name);
  const first = names[0];
  if (first === undefined) return null;
  return {
    name: 'expand',
    in: 'query',
    description: `Comma-separated relation fields whose records are returned under ${code('expand')}; a dot expands the related collection's relations in turn, up to ${MAX_EXPAND_DEPTH} levels (e.g. ${code('author,comments.author')}). Relation fields: ${codeList(names)}.`,
    schema: { ...listParam },
    example: first,
  };
}
