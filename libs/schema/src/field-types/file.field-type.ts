// `file`: one file (or, with `multiple`, up to `maxFiles`) held as metadata in a `jsonb`
// column: a file object, or an array of them. The bytes live in the file store; the ledger
// (stagecraft.stored_files) tracks them. Bodies never carry metadata: they name files the
// record already holds, or uploads to attach (see docs/files.md).
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import type { FileOptions } from '../metadata/field-options.js';
import type { JsonSchemaObject, OpenApiSchema } from '../json-schema/json-schema.js';
import { issue, joinPath, type ValidationIssue } from '../validation/validation-issue.js';
import type { CheckSpec, FieldTypeDefinition } from './field-type-definition.js';
import { COMMON_OPTION_PROPERTIES, optionsObject } from './option-schemas.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { tsNullable, type TypeScriptMapping } from './typescript-types.js';

/** The most files one `multiple` field may hold. */
export const MAX_FILES_PER_FIELD = 100;
export const DEFAULT_MAX_FILES = 10;
/** The largest side of a thumbnail preset, in pixels. */
export const MAX_THUMB_SIDE = 4000;
// A side is 0..4000 without leading zeros, so each size has exactly one name (no `0100x50`).
const THUMB_SIDE = '(0|[1-9]\\d{0,2}|[1-3]\\d{3}|4000)';
/**
 * `WxH` (cover, centre crop), `WxHt` / `WxHb` (cover, top / bottom crop), `WxHf` (fit inside),
 * `0xH` / `Wx0` (the 0 side follows the aspect ratio); never `0x0`.
 */
export const THUMB_PRESET_PATTERN = `^(?!0x0[tbf]?$)${THUMB_SIDE}x${THUMB_SIDE}([tbf])?$`;
export const MAX_THUMB_PRESETS = 10;
/** A media type, or a family such as `image/*`. */
const MIME_PATTERN = '^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/(\\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,127})$';

/** Stored names are made by Stagecraft (see libs/files content/stored-name.ts). */
export const STORED_FILE_NAME: JsonSchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 100,
  pattern: '^[A-Za-z0-9_-]+(\\.[a-z0-9]{1,10})?$',
};
export const FILE_UPLOAD_REFERENCE: JsonSchemaObject = {
  type: 'object',
  properties: { upload: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' } },
  required: ['upload'],
  additionalProperties: false,
};
/** What a body may put in a file field's place: a file the record holds, or an upload. */
export const FILE_REFERENCE: JsonSchemaObject = { anyOf: [STORED_FILE_NAME, FILE_UPLOAD_REFERENCE] };

const PIXELS: JsonSchemaObject = { type: 'integer', format: 'int32', minimum: 1, maximum: 2_147_483_647 };

/** The metadata of one stored file, as records return it. */
export const FILE_OBJECT: JsonSchemaObject = {
  type: 'object',
  properties: {
    name: { ...STORED_FILE_NAME, description: 'Stored name, unique; the last segment of the download URL.' },
    originalName: { type: 'string', maxLength: 255, description: 'The name the file was uploaded with.' },
    size: { type: 'integer', format: 'int64', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Bytes.' },
    type: { type: 'string', maxLength: 200, description: 'Media type, sniffed from the content.' },
    checksum: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$', maxLength: 71 },
    width: { ...PIXELS, description: 'Pixels, for images.' },
    height: { ...PIXELS, description: 'Pixels, for images.' },
  },
  required: ['name', 'originalName', 'size', 'type', 'checksum'],
  additionalProperties: false,
};

export const maxFilesOf = (options: FileOptions): number =>
  options.multiple === true ? (options.maxFiles ?? DEFAULT_MAX_FILES) : 1;

/** The value a create/update body may hold for the field (references, not metadata). */
function bodySchema(field: FieldDefinitionOf<'file'>): JsonSchemaObject {
  const { options } = field;
  if (options.multiple !== true)
    return options.required === true ? FILE_REFERENCE : { anyOf: [FILE_REFERENCE, { type: 'null' }] };
  const list: JsonSchemaObject = {
    type: 'array',
    items: FILE_REFERENCE,
    maxItems: maxFilesOf(options),
    uniqueItems: true,
  };
  if (options.required === true) list.minItems = 1;
  return nullable(list, options.required);
}

/** The value records carry. */
function recordSchema(field: FieldDefinitionOf<'file'>): JsonSchemaObject {
  const { options } = field;
  if (options.multiple === true) return { type: 'array', items: FILE_OBJECT, maxItems: maxFilesOf(options) };
  return options.required === true ? FILE_OBJECT : { anyOf: [FILE_OBJECT, { type: 'null' }] };
}

function optionIssues(field: FieldDefinitionOf<'file'>, optionsPath: string): ValidationIssue[] {
  const { multiple, maxFiles } = field.options;
  const issues: ValidationIssue[] = [];
  if (maxFiles !== undefined && multiple !== true)
    issues.push(
      issue(joinPath(optionsPath, 'maxFiles'), 'invalid_option', 'The maxFiles option needs multiple: true.'),
    );
  return issues;
}

/** Single files are objects, multiple ones arrays: a CHECK keeps other JSON out of the column. */
function shapeCheck(field: FieldDefinitionOf<'file'>): CheckSpec {
  const shape = field.options.multiple === true ? 'array' : 'object';
  return { kind: 'shape', predicate: (c) => `jsonb_typeof(${c}) = '${shape}'` };
}

/**
 * Records carry metadata (a multiple field a list, empty when it holds none); bodies carry
 * references or Blobs to upload, and a multiple field also `<name>+` (append) and `<name>-` (remove).
 */
function typeScriptMapping(field: FieldDefinitionOf<'file'>): TypeScriptMapping {
  const { required, multiple } = field.options;
  if (multiple !== true)
    return { record: tsNullable('FileObject', required), input: tsNullable('FileInput', required) };
  return {
    record: 'FileObject[]',
    input: tsNullable('FileInput[]', required),
    inputKeys: {
      [`${field.name}+`]: 'FileInput | FileInput[]',
      [`${field.name}-`]: 'string | string[]',
    },
  };
}

export const fileFieldType: FieldTypeDefinition<'file'> = {
  type: 'file',
  storage: 'jsonb',
  sortable: false,
  optionsSchema: optionsObject({
    ...COMMON_OPTION_PROPERTIES,
    multiple: { type: 'boolean' },
    maxFiles: { type: 'integer', minimum: 1, maximum: MAX_FILES_PER_FIELD },
    maxSize: { type: 'integer', minimum: 1 },
    mimeTypes: { type: 'array', items: { type: 'string', pattern: MIME_PATTERN }, maxItems: 100, uniqueItems: true },
    thumbs: {
      type: 'array',
      items: { type: 'string', pattern: THUMB_PRESET_PATTERN },
      maxItems: MAX_THUMB_PRESETS,
      uniqueItems: true,
    },
    protected: { type: 'boolean' },
  }),
  validateOptions: (field, { path }) => optionIssues(field, joinPath(path, 'options')),
  columnType: (field) => ({
    sqlType: 'jsonb',
    checks: [shapeCheck(field)],
    unique: false,
    index: null,
    references: null,
  }),
  // A multiple field holds an empty list rather than null, so clients can always iterate it.
  defaultSql: (field) => (field.options.multiple === true ? `'[]'::jsonb` : null),
  jsonSchema: bodySchema,
  openApiSchema: (field): OpenApiSchema => withApiAnnotations(recordSchema(field), field.options),
  openApiWriteSchema: (field): OpenApiSchema => withApiAnnotations(bodySchema(field), field.options),
  coerceQueryValue: () => ({ ok: false, message: 'file fields can only be compared with null' }),
  // `= null` / `!= null`: whether a single file field holds a file.
  operators: (field) => (field.options.multiple === true ? [] : ['=', '!=']),
  castFrom: () => null,
  typescript: typeScriptMapping,
  junction: () => null,
};
