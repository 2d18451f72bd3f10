// A field of a collection. Its id is stable for life: renames keep it, so the planner can emit
// RENAME COLUMN and name constraints after it (PocketBase's approach).
import type { FieldOptionsByType } from './field-options.js';
import type { FieldType } from './field-type-name.js';

export interface FieldDefinitionOf<T extends FieldType> {
  /** UUID, stable across renames. */
  id: string;
  name: string;
  type: T;
  options: FieldOptionsByType[T];
  /** Display order in the console and in generated documents. */
  position: number;
  /** True for the locked built-in fields of `users`. */
  system: boolean;
}

/** The discriminated union: `switch (field.type)` narrows `field.options`. */
export type FieldDefinition = { [T in FieldType]: FieldDefinitionOf<T> }[FieldType];
