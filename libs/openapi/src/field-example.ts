// An example value per field, built from its type and the bounds its value schema declares, so
// the Create examples in the document are bodies the API would accept.
import {
  fieldOpenApiSchema,
  type FieldDefinition,
  type FieldDefinitionOf,
  type JsonValue,
  type OpenApiSchema,
} from '@stagecraft/schema';

export const EXAMPLE_UUID = '3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b';
const EXAMPLE_DATE = '2024-05-17';
const EXAMPLE_DATETIME = '2024-05-17T09:30:00Z';

/** `unit_price` → `unit price`. */
const words = (name: string): string => name.replaceAll('_', ' ');

/** Fits a string into the schema's length bounds (pads with `x`, then truncates); undefined when a pattern refuses it. */
function fitString(value: string, schema: OpenApiSchema): string | undefined {
  const padded = value.padEnd(schema.minLength ?? 0, 'x');
  const fitted = schema.maxLength === undefined ? padded : padded.slice(0, schema.maxLength);
  return patterns(schema).every((pattern) => new RegExp(pattern, 'u').test(fitted)) ? fitted : undefined;
}

function patterns(schema: OpenApiSchema): string[] {
  const nested = (schema.allOf ?? []).flatMap((part) => (typeof part === 'object' ? patterns(part) : []));
  return schema.pattern === undefined ? nested : [schema.pattern, ...nested];
}

function clamp(value: number, schema: OpenApiSchema, step: number): number {
  const low = Math.max(schema.minimum ?? -Infinity, (schema.exclusiveMinimum ?? -Infinity) + step);
  const high = Math.min(schema.maximum ?? Infinity, (schema.exclusiveMaximum ?? Infinity) - step);
  if (value < low) return low;
  if (value > high) return high;
  return value;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A date-like default is an example unless it is the `now` keyword. */
function fixedDefault(value: string | undefined): string | undefined {
  return value === 'now' ? undefined : value;
}

function numberExample(field: FieldDefinitionOf<'number'>, schema: OpenApiSchema): number {
  const scale = field.options.precision === undefined ? 2 : (field.options.scale ?? 0);
  return field.options.default ?? roundTo(clamp(9.99, schema, 10 ** -scale), scale);
}

function dateInRange(candidate: string, min: string | undefined, max: string | undefined): string {
  if (min !== undefined && Date.parse(candidate) < Date.parse(min)) return min;
  if (max !== undefined && Date.parse(candidate) > Date.parse(max)) return max;
  return candidate;
}

const EXAMPLE_UPLOAD_ID = 'u8Jq3kXb0s2LwVn5Zc7Ty1';

/** The example value, or undefined when there is none: virtual relations, strings a custom pattern refuses. */
export function fieldExample(field: FieldDefinition): JsonValue | undefined {
  const schema = fieldOpenApiSchema(field);
  switch (field.type) {
    case 'text':
      return field.options.default ?? fitString(`Example ${words(field.name)}`, schema);
    case 'long_text':
      return field.options.default ?? fitString(`A longer example ${words(field.name)}, in plain text.`, schema);
    case 'email':
      return field.options.default ?? fitString('jane@example.com', schema);
    case 'url':
      return field.options.default ?? fitString('https://example.com/page', schema);
    case 'secret':
      return fitString('s3cret-value', schema);
    case 'integer':
      return field.options.default ?? clamp(10, schema, 1);
    case 'number':
      return numberExample(field, schema);
    case 'boolean':
      return field.options.default ?? true;
    case 'date':
      return fixedDefault(field.options.default) ?? dateInRange(EXAMPLE_DATE, field.options.min, field.options.max);
    case 'datetime':
      return fixedDefault(field.options.default) ?? dateInRange(EXAMPLE_DATETIME, field.options.min, field.options.max);
    case 'json':
      return field.options.default ?? { key: 'value' };
    case 'select':
      return field.options.default ?? field.options.values[0] ?? null;
    case 'multi_select':
      return field.options.default ?? field.options.values.slice(0, 1);
    case 'file': {
      // Files come in a multipart form; a JSON body can only name an upload (docs/files.md).
      if (field.options.required !== true) return undefined;
      const upload = { upload: EXAMPLE_UPLOAD_ID };
      return field.options.multiple === true ? [upload] : upload;
    }
    case 'relation':
      switch (field.options.kind) {
        case 'many_to_one':
          return EXAMPLE_UUID;
        case 'many_to_many':
          return [EXAMPLE_UUID];
        case 'one_to_many':
          return undefined;
      }
  }
}
