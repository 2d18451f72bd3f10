// Every field type's TypeScript mapping (what generated client types say a value is): one for
// each name in FIELD_TYPE_NAMES, valid TypeScript, naming only types the client exports, with
// exactly the nullability the records API shows.
import ts from 'typescript';
import type { FieldDefinition } from '../metadata/field-definition.js';
import { FIELD_TYPE_NAMES, type FieldType } from '../metadata/field-type-name.js';
import { makeField } from '../testing/schema-fixtures.js';
import { fieldTypeScript } from './field-accessors.js';
import { CLIENT_TYPE_NAMES, tsStringLiteral, type TypeScriptMapping } from './typescript-types.js';

type Case = readonly [FieldDefinition, TypeScriptMapping];

const m2o = { kind: 'many_to_one', target: 'users', onDelete: 'set_null' } as const;

/** At least one case per type, optional and required: a type without a case fails the first test. */
const CASES: Record<FieldType, readonly Case[]> = {
  text: [
    [makeField(1, 'x', 'text', {}), { record: 'string | null', input: 'string | null' }],
    [makeField(1, 'x', 'text', { required: true, default: 'a' }), { record: 'string', input: 'string' }],
  ],
  long_text: [[makeField(1, 'x', 'long_text', {}), { record: 'string | null', input: 'string | null' }]],
  integer: [[makeField(1, 'x', 'integer', { required: true }), { record: 'number', input: 'number' }]],
  number: [[makeField(1, 'x', 'number', { precision: 5 }), { record: 'number | null', input: 'number | null' }]],
  boolean: [[makeField(1, 'x', 'boolean', { default: false }), { record: 'boolean | null', input: 'boolean | null' }]],
  date: [[makeField(1, 'x', 'date', {}), { record: 'string | null', input: 'string | null' }]],
  datetime: [[makeField(1, 'x', 'datetime', { required: true }), { record: 'string', input: 'string' }]],
  json: [
    [makeField(1, 'x', 'json', {}), { record: 'JsonValue', input: 'JsonValue' }],
    [
      makeField(1, 'x', 'json', { required: true }),
      { record: 'NonNullable<JsonValue>', input: 'NonNullable<JsonValue>' },
    ],
  ],
  email: [[makeField(1, 'x', 'email', {}), { record: 'string | null', input: 'string | null' }]],
  url: [[makeField(1, 'x', 'url', { required: true }), { record: 'string', input: 'string' }]],
  select: [
    [
      makeField(1, 'x', 'select', { values: ['draft', "it's"] }),
      { record: `'draft' | "it's" | null`, input: `'draft' | "it's" | null` },
    ],
    [makeField(1, 'x', 'select', { values: ['a'], required: true }), { record: `'a'`, input: `'a'` }],
  ],
  multi_select: [
    [
      makeField(1, 'x', 'multi_select', { values: ['a', 'b'] }),
      { record: `('a' | 'b')[] | null`, input: `('a' | 'b')[] | null` },
    ],
    [makeField(1, 'x', 'multi_select', { values: ['a'], required: true }), { record: `'a'[]`, input: `'a'[]` }],
  ],
  relation: [
    [makeField(1, 'x', 'relation', m2o), { record: 'string | null', input: 'string | null' }],
    [
      makeField(1, 'x', 'relation', { ...m2o, onDelete: 'cascade', required: true }),
      { record: 'string', input: 'string' },
    ],
    [
      makeField(1, 'x', 'relation', { kind: 'many_to_many', target: 'users' }),
      { record: 'string[]', input: 'string[]' },
    ],
  ],
  secret: [[makeField(1, 'x', 'secret', {}), { record: 'string | null', input: 'string | null' }]],
  file: [
    [makeField(1, 'x', 'file', {}), { record: 'FileObject | null', input: 'FileInput | null' }],
    [makeField(1, 'x', 'file', { required: true }), { record: 'FileObject', input: 'FileInput' }],
    [
      makeField(1, 'photos', 'file', { multiple: true }),
      {
        record: 'FileObject[]',
        input: 'FileInput[] | null',
        inputKeys: { 'photos+': 'FileInput | FileInput[]', 'photos-': 'string | string[]' },
      },
    ],
  ],
};

const ALL_CASES = Object.values(CASES)
  .flat()
  .map(([field, expected]) => [`${field.type} ${JSON.stringify(field.options)}`, field, expected] as const);

/** The type names a type expression refers to, after checking it parses. */
function referencedNames(type: string): string[] {
  const source = `type Probe = ${type};`;
  const { diagnostics = [] } = ts.transpileModule(source, { reportDiagnostics: true });
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const file = ts.createSourceFile('probe.ts', source, ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node)) names.push(node.typeName.getText(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

describe('TypeScript mappings of field types', () => {
  it('has cases for every field type name', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FIELD_TYPE_NAMES].sort());
    for (const name of FIELD_TYPE_NAMES) expect(CASES[name].length).toBeGreaterThan(0);
  });

  it.each(ALL_CASES)('%s', (_label, field, expected) => {
    expect(fieldTypeScript(field)).toEqual(expected);
  });

  it.each(ALL_CASES)('%s: valid TypeScript, naming only what @stagecraft/client exports', (_label, field) => {
    const { record, input, inputKeys = {} } = fieldTypeScript(field);
    for (const type of [record, input, ...Object.values(inputKeys)]) {
      const foreign = referencedNames(type).filter(
        (name) => !(CLIENT_TYPE_NAMES as readonly string[]).includes(name) && name !== 'NonNullable',
      );
      expect(foreign).toEqual([]);
    }
  });

  it.each(['plain', "it's", 'say "hi"', 'back\\slash', 'line\nbreak', '\u2028'])(
    'writes %j as a string literal that reads back the same',
    (value) => {
      const literal = tsStringLiteral(value);
      const file = ts.createSourceFile('probe.ts', `const probe = ${literal};`, ts.ScriptTarget.ES2022, true);
      const statement = file.statements[0] as ts.VariableStatement;
      const initializer = statement.declarationList.declarations[0]?.initializer as ts.StringLiteral;
      expect(initializer.text).toBe(value);
    },
  );
});
