// Decides how a kept field's column changes type: not at all, through a cast its new type
// module defines, or not supported (null), shared by the planner and the change validator.
import type { FieldDefinition } from '../metadata/field-definition.js';
import type { ColumnCast } from '../field-types/field-type-definition.js';
import { fieldTypeOf } from '../field-types/registry.js';

export type ColumnChange = { kind: 'none' } | { kind: 'cast'; cast: ColumnCast } | { kind: 'unsupported' };

export function columnChange(before: FieldDefinition, after: FieldDefinition): ColumnChange {
  const fromSpec = fieldTypeOf(before).columnType(before);
  const toSpec = fieldTypeOf(after).columnType(after);
  if (before.type === after.type && fromSpec?.sqlType === toSpec?.sqlType) return { kind: 'none' };
  const cast = fieldTypeOf(after).castFrom(before, after);
  if (cast === null) return { kind: 'unsupported' };
  // Same column type, new meaning (text → email): the column stays; checks follow from the diff.
  if (fromSpec?.sqlType === toSpec?.sqlType) return { kind: 'none' };
  return { kind: 'cast', cast };
}
