// Builders for specs: fields and collections in one line, with ids whose last 12 digits are the
// given number, so constraint names in expected SQL stay readable (`posts_000000000001_key`).
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition, FieldDefinitionOf } from '../metadata/field-definition.js';
import type { FieldOptionsByType } from '../metadata/field-options.js';
import type { FieldType } from '../metadata/field-type-name.js';

export const fieldId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const collectionId = (n: number): string => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;

export function makeField<T extends FieldType>(
  n: number,
  name: string,
  type: T,
  options: FieldOptionsByType[T],
  extra: Partial<Pick<FieldDefinitionOf<T>, 'position' | 'system'>> = {},
): FieldDefinition {
  const field: FieldDefinitionOf<T> = {
    id: fieldId(n),
    name,
    type,
    options,
    position: extra.position ?? n,
    system: extra.system ?? false,
  };
  return field as unknown as FieldDefinition;
}

export function makeCollection(
  n: number,
  name: string,
  fields: FieldDefinition[],
  extra: Partial<CollectionDefinition> = {},
): CollectionDefinition {
  return {
    id: collectionId(n),
    name,
    label: name,
    description: '',
    system: false,
    rules: { list: null, view: null, create: null, update: null, delete: null },
    fields,
    ...extra,
  };
}

/** A minimal built-in users collection (id 100, email field 100). */
export function makeUsers(extraFields: FieldDefinition[] = []): CollectionDefinition {
  const email = makeField(100, 'email', 'email', { required: true, unique: true }, { system: true, position: 0 });
  return makeCollection(100, 'users', [email, ...extraFields], { system: true });
}
