// What the console knows about a field type: how to name it, which options its editor offers,
// and which input edits its values. One module per type, registered in index.ts.
import type { FieldType, RelationKind } from '../api';

export type FlagOption = 'required' | 'hidden' | 'readOnly' | 'unique' | 'indexed';
export type OptionKey =
  | FlagOption
  | 'default'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'precision'
  | 'scale'
  | 'values'
  | 'maxSelect'
  | 'target'
  | 'onDelete'
  | 'via'
  | 'multiple'
  | 'maxFiles'
  | 'maxSize'
  | 'mimeTypes'
  | 'thumbs'
  | 'protected';

/** How a value of the type is typed in, in the record form and for defaults. */
export type ValueKind =
  | 'string'
  | 'long_string'
  | 'email'
  | 'url'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'json'
  | 'select'
  | 'multi_select'
  | 'relation'
  | 'secret'
  | 'file';

export interface FieldTypeUi {
  type: FieldType;
  label: string;
  description: string;
  value: ValueKind;
  /** The options the editor offers; relations depend on their kind. */
  options: (kind?: RelationKind) => readonly OptionKey[];
  /** Whether `min`/`max` are numbers or dates. */
  bounds?: 'number' | 'date' | 'datetime';
  /** Whether values can be sorted and compared in the records browser. */
  sortable: boolean;
}

export const COMMON: readonly OptionKey[] = ['required', 'hidden', 'readOnly'];
export const UNIQUE_INDEX: readonly OptionKey[] = ['unique', 'indexed'];
export const LENGTH: readonly OptionKey[] = ['minLength', 'maxLength', 'pattern'];
