// Which fields a record shows, a body accepts, and sort, filter or expand may name: the one place
// that reads the options that decide it, so schemas and parameter docs always agree.
import {
  fieldOperators,
  fieldSortable,
  type CollectionDefinition,
  type FieldDefinition,
  type FieldDefinitionOf,
  type FilterOperator,
} from '@stagecraft/schema';

interface Flags {
  required?: boolean;
  hidden?: boolean;
  readOnly?: boolean;
}

function flags(field: FieldDefinition): Flags {
  return field.options;
}

const isVirtual = (field: FieldDefinition): boolean =>
  field.type === 'relation' && field.options.kind === 'one_to_many';

export const isHidden = (field: FieldDefinition): boolean => flags(field).hidden === true;

/** Returned in records: not hidden, not secret, not a virtual (one_to_many) field. */
export const isReadable = (field: FieldDefinition): boolean =>
  !isHidden(field) && field.type !== 'secret' && !isVirtual(field);

/** Accepted in create/update bodies: not read-only, not virtual. Hidden fields stay writable. */
export const isWritable = (field: FieldDefinition): boolean => flags(field).readOnly !== true && !isVirtual(field);

export function hasDefault(field: FieldDefinition): boolean {
  return 'default' in field.options && field.options.default !== undefined;
}

/** Must be in a create body: required and without a default to fall back on. */
export const isRequiredOnCreate = (field: FieldDefinition): boolean =>
  isWritable(field) && flags(field).required === true && !hasDefault(field);

export const isSortable = (field: FieldDefinition): boolean => !isHidden(field) && fieldSortable(field);

export const isFilterable = (field: FieldDefinition): boolean => !isHidden(field) && fieldOperators(field).length > 0;

export const isExpandable = (field: FieldDefinition): field is FieldDefinitionOf<'relation'> =>
  field.type === 'relation' && !isHidden(field);

/** A relation whose key is a column of the row (many-to-one): `sort` may name its target's fields. */
export const isToOne = (field: FieldDefinition): boolean => isExpandable(field) && field.options.kind === 'many_to_one';

const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Fields in display order (position, then name, so equal positions still sort stably). */
export function orderedFields(collection: CollectionDefinition): FieldDefinition[] {
  return [...collection.fields].sort((a, b) => a.position - b.position || compareNames(a.name, b.name));
}

/** System columns sort, filter and select may name, beside the collection's own fields. */
export const SORTABLE_SYSTEM_FIELDS: readonly string[] = ['id', 'created_at', 'updated_at'];

export const FILTERABLE_SYSTEM_FIELDS: readonly (readonly [string, readonly FilterOperator[]])[] = [
  ['id', ['=', '!=', 'in', '!in']],
  ['created_at', ['=', '!=', '>', '>=', '<', '<=', 'in', '!in']],
  ['updated_at', ['=', '!=', '>', '>=', '<', '<=', 'in', '!in']],
  ['created_by', ['=', '!=', 'in', '!in']],
];

export const SELECTABLE_SYSTEM_FIELDS: readonly string[] = ['id', 'created_at', 'updated_at', 'created_by', 'version'];
