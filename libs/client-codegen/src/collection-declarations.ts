// The declarations of one collection: its record, its create and update bodies, and its entry
// in `Schema` (the three types and where its relations lead, for typed `expand`). Which fields a
// record shows and a body takes are the OpenAPI document's own rules (@stagecraft/openapi), and
// each value's type is its field type's (@stagecraft/schema), so the three never disagree.

import { isExpandable, isReadable, isRequiredOnCreate, isWritable, orderedFields } from '@stagecraft/openapi';
import { fieldTypeScript, tsStringLiteral, type CollectionDefinition, type FieldDefinition } from '@stagecraft/schema';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propertyName = (name: string): string => (IDENTIFIER.test(name) ? name : tsStringLiteral(name));

/** A comment never ends early, whatever a label or description holds. */
const comment = (text: string): string => `/** ${text.replace(/\*\//g, '* /').replace(/\s+/g, ' ').trim()} */`;

function fieldNote(field: FieldDefinition): string | undefined {
  if (field.type === 'secret') return 'Secret: write-only, never returned.';
  if (field.options.hidden === true) return 'Hidden: never returned.';
  return undefined;
}

function members(lines: readonly string[]): string {
  return lines.map((line) => `  ${line}`).join('\n');
}

function writeMembers(fields: readonly FieldDefinition[], optional: (field: FieldDefinition) => boolean): string[] {
  return fields.flatMap((field) => {
    const { input, inputKeys = {} } = fieldTypeScript(field);
    const note = fieldNote(field);
    return [
      ...(note ? [comment(note)] : []),
      `${propertyName(field.name)}${optional(field) ? '?' : ''}: ${input};`,
      ...Object.entries(inputKeys).map(([key, type]) => `${propertyName(key)}?: ${type};`),
    ];
  });
}

export interface CollectionTypeNames {
  readonly record: string;
  readonly create: string;
  readonly update: string;
}

export const typeNamesOf = (stem: string): CollectionTypeNames => ({
  record: `${stem}Record`,
  create: `${stem}Create`,
  update: `${stem}Update`,
});

function interfaceOf(name: string, doc: string, body: readonly string[], base = ''): string {
  const head = `${comment(doc)}\nexport interface ${name}${base ? ` extends ${base}` : ''}`;
  return body.length === 0 ? `${head} {}` : `${head} {\n${members(body)}\n}`;
}

export function collectionDeclarations(collection: CollectionDefinition, names: CollectionTypeNames): string {
  const fields = orderedFields(collection);
  const writable = fields.filter(isWritable);
  const label = collection.label || collection.name;
  const recordDoc = collection.description ? `${label}: ${collection.description}` : `A record of ${label}.`;
  const record = fields
    .filter(isReadable)
    .flatMap((field) => [
      ...((field.options as { readOnly?: boolean }).readOnly === true ? [comment('Read-only.')] : []),
      `readonly ${propertyName(field.name)}: ${fieldTypeScript(field).record};`,
    ]);
  return [
    interfaceOf(names.record, recordDoc, record, 'SystemFields'),
    interfaceOf(
      names.create,
      `A new record of ${label} (also the body of a replace).`,
      writeMembers(writable, (field) => !isRequiredOnCreate(field)),
    ),
    interfaceOf(
      names.update,
      `Changes to a record of ${label}: only the fields given change.`,
      writeMembers(writable, () => true),
    ),
  ].join('\n\n');
}

/** `author: { target: 'users'; many: false };` for each relation: where `expand` leads from this collection. */
export function relationsOf(collection: CollectionDefinition, known: ReadonlySet<string>): string[] {
  return orderedFields(collection)
    .filter(isExpandable)
    .filter((field) => known.has(field.options.target))
    .map((field) => {
      const many = field.options.kind !== 'many_to_one';
      return `${propertyName(field.name)}: { target: ${tsStringLiteral(field.options.target)}; many: ${many} };`;
    });
}
