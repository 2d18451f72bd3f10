// Building blocks for type-change casts. Text sources are checked with stagecraft.input_is_valid
// (a migration-defined function that tries the cast), so the pre-check never disagrees with it.
import type { FieldDefinition } from '../metadata/field-definition.js';
import type { FieldType } from '../metadata/field-type-name.js';
import { quoteLiteral } from '../sql/quote-literal.js';
import type { ColumnCast } from './field-type-definition.js';

/** Same column type, different meaning (text → email): no ALTER, the column is kept as is. */
export const IDENTITY_CAST: ColumnCast = { using: (c) => c, failsWhen: null, lossy: false };

const TEXT_STORED: readonly FieldType[] = ['text', 'long_text', 'email', 'url', 'select'];

/** Plain-text types; secret is excluded because its column holds ciphertext. */
export function isTextStored(type: FieldType): boolean {
  return TEXT_STORED.includes(type);
}

/** Parse text with the target type's input function, as `'42'::integer` does. */
export function textInputCast(sqlType: string): ColumnCast {
  return {
    using: (c) => `${c}::${sqlType}`,
    failsWhen: (c) => `NOT stagecraft.input_is_valid(${c}, ${quoteLiteral(sqlType)})`,
    lossy: false,
  };
}

/** Render any column value as text; dates in ISO form whatever DateStyle and TimeZone say. */
export function castToText(from: FieldDefinition): ColumnCast | null {
  const simple = (using: (c: string) => string): ColumnCast => ({ using, failsWhen: null, lossy: false });
  switch (from.type) {
    case 'text':
    case 'long_text':
    case 'email':
    case 'url':
    case 'select':
      return IDENTITY_CAST;
    case 'integer':
    case 'number':
    case 'boolean':
      return simple((c) => `${c}::text`);
    case 'date':
      return simple((c) => `to_char(${c}, 'YYYY-MM-DD')`);
    case 'datetime':
      return simple((c) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    case 'json':
      return simple((c) => `${c} #>> '{}'`);
    case 'multi_select':
      return simple((c) => `array_to_string(${c}, ', ')`);
    case 'relation':
      return from.options.kind === 'many_to_one' ? simple((c) => `${c}::text`) : null;
    case 'secret':
    case 'file':
      return null;
  }
}
