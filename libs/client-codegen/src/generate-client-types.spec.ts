// The generator against its reviewed snapshot (a schema with every field type, users included),
// and the properties that keep the output trustworthy: independent of metadata order, distinct
// names for collections that PascalCase alike, metadata documents read in both shapes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIELD_TYPE_NAMES, type CollectionDefinition } from '@stagecraft/schema';
import { generateClientTypes } from './generate-client-types.js';
import { collectionsOf } from './metadata-document.js';

const fixture = (name: string): string => resolve(__dirname, '../test', name);
const snapshot = JSON.parse(readFileSync(fixture('every-field-type.schema.json'), 'utf8')) as unknown;

const collection = (name: string, fields: CollectionDefinition['fields'] = []): CollectionDefinition => ({
  id: `id-${name}`,
  name,
  label: name,
  description: '',
  system: false,
  rules: { list: null, view: null, create: null, update: null, delete: null },
  fields,
});

describe('generateClientTypes', () => {
  it('writes the reviewed declarations for a schema with every field type', () => {
    const collections = collectionsOf(snapshot);
    const types = new Set(collections.flatMap((c) => c.fields.map((field) => field.type)));
    expect([...FIELD_TYPE_NAMES].filter((type) => !types.has(type))).toEqual([]);
    // On a deliberate change, regenerate and review the diff:
    //   npm run stagecraft -- gen types --from-snapshot libs/client-codegen/test/every-field-type.schema.json \
    //     --out libs/client-codegen/test/every-field-type.d.ts
    expect(generateClientTypes(collections)).toBe(readFileSync(fixture('every-field-type.d.ts'), 'utf8'));
  });

  it('does not depend on the order of the metadata', () => {
    const collections = collectionsOf(snapshot);
    expect(generateClientTypes([...collections].reverse())).toBe(generateClientTypes(collections));
  });

  it('names collections that PascalCase alike apart', () => {
    const text = generateClientTypes([collection('post_2'), collection('post2')]);
    expect(text).toContain('export interface Post_2Record extends SystemFields {}');
    expect(text).toContain('export interface Post2Record extends SystemFields {}');
  });

  it('writes an empty schema', () => {
    expect(generateClientTypes([])).toContain('export interface Schema {}');
  });

  it('reads the answer of GET /api/v1/collections as well as a snapshot', () => {
    const collections = collectionsOf(snapshot);
    expect(collectionsOf({ data: collections })).toEqual(collections);
  });

  it('reads a snapshot that lists functions too, and types only its collections', () => {
    const withFunctions = {
      ...(snapshot as object),
      functions: [
        {
          name: 'notify',
          description: null,
          language: 'typescript',
          source: 'export default 1',
          triggers: {},
          settings: {},
        },
      ],
    };
    expect(collectionsOf(withFunctions)).toEqual(collectionsOf(snapshot));
    expect(generateClientTypes(collectionsOf(withFunctions))).toBe(generateClientTypes(collectionsOf(snapshot)));
  });

  it.each<[string, unknown, string]>([
    ['not metadata', { hello: 1 }, 'Expected collection metadata'],
    ['a collection without fields', { data: [{ name: 'x' }] }, 'collections[0] is not a collection'],
    [
      'a field without options',
      { data: [{ name: 'x', fields: [{ name: 'a', type: 'text' }] }] },
      'fields[0] is not a field',
    ],
    [
      'an unknown field type',
      { data: [{ name: 'x', fields: [{ name: 'a', type: 'hologram', options: {} }] }] },
      'x.a) has the unknown type "hologram"',
    ],
  ])('refuses %s', (_what, document, message) => {
    expect(() => collectionsOf(document)).toThrow(message);
  });
});
