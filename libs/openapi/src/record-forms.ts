// The multipart/form-data body of record writes in collections with file fields: file parts
// named after their field (`<field>+` appends, `<field>-` removes by stored name), and an
// `@json` part with the other fields (see docs/files.md).
import { maxFilesOf, STORED_FILE_NAME, type CollectionDefinition, type FieldDefinitionOf } from '@stagecraft/schema';
import { isWritable, orderedFields } from './field-roles.js';
import type { Schema, SchemaObject } from './openapi-types.js';

/** The JSON part's name; field names never start with `@`. */
export const JSON_PART = '@json';

const BINARY: SchemaObject = { type: 'string', format: 'binary', maxLength: Number.MAX_SAFE_INTEGER };

export function writableFileFields(collection: CollectionDefinition): FieldDefinitionOf<'file'>[] {
  return orderedFields(collection).filter(
    (field): field is FieldDefinitionOf<'file'> => field.type === 'file' && isWritable(field),
  );
}

function fileParts(field: FieldDefinitionOf<'file'>): Record<string, Schema> {
  const multiple = field.options.multiple === true;
  const sizes =
    field.options.maxSize === undefined ? '' : `, at most ${field.options.maxSize} bytes${multiple ? ' each' : ''}`;
  const types = field.options.mimeTypes === undefined ? '' : ` (${field.options.mimeTypes.join(', ')})`;
  if (!multiple) {
    return { [field.name]: { ...BINARY, description: `The file${types}${sizes}; replaces the one held.` } };
  }
  const files = (description: string): SchemaObject => ({
    type: 'array',
    items: BINARY,
    maxItems: maxFilesOf(field.options),
    description,
  });
  return {
    [field.name]: files(`The files${types}${sizes}; replace those held.`),
    [`${field.name}+`]: files(`Files appended${types}${sizes}.`),
    [`${field.name}-`]: {
      type: 'array',
      items: STORED_FILE_NAME as SchemaObject,
      maxItems: maxFilesOf(field.options),
      description: 'Stored names of files to remove.',
    },
  };
}

/** The form schema, or null for a collection without writable file fields. */
export function formSchema(collection: CollectionDefinition, jsonPart: Schema): SchemaObject | null {
  const files = writableFileFields(collection);
  if (files.length === 0) return null;
  return {
    type: 'object',
    description: `A record of ${collection.label} as a multipart form: files as parts named after their field, the other fields in \`${JSON_PART}\`.`,
    properties: {
      [JSON_PART]: { ...(jsonPart as SchemaObject), description: 'The other fields, as a JSON object.' },
      ...files.reduce<Record<string, Schema>>((parts, field) => ({ ...parts, ...fileParts(field) }), {}),
    },
    additionalProperties: false,
  };
}
