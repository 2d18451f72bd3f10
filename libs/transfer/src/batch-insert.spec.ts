import { createSnapshot } from '@stagecraft/collections';
import { compiledSchemaFor } from '@stagecraft/records';
import type { CollectionDefinition, FieldDefinition } from '@stagecraft/schema';
import { batchInsert, columnPlans, linkInserts, type PreparedRow } from './batch-insert.js';

let next = 0;
const field = (name: string, type: string, options: Record<string, unknown> = {}): FieldDefinition =>
  ({
    id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
    name,
    type,
    options,
    position: next,
    system: false,
  }) as unknown as FieldDefinition;

const definition = (name: string, fields: FieldDefinition[]): CollectionDefinition => ({
  id: `00000000-0000-4000-9000-${String(++next).padStart(12, '0')}`,
  name,
  label: name,
  description: '',
  system: false,
  rules: { list: null, view: null, create: null, update: null, delete: null },
  fields,
});

const schema = compiledSchemaFor(
  createSnapshot(1, [
    definition('labels', [field('name', 'text')]),
    definition('items', [
      field('title', 'text', { required: true }),
      field('qty', 'integer', { default: 1 }),
      field('tags', 'multi_select', { values: ['a', 'b'] }),
      field('note', 'text'),
      field('labels', 'relation', { kind: 'many_to_many', target: 'labels' }),
    ]),
  ]),
);
const items = schema.collections.get('items')!;

const row = (n: number, columns: Record<string, unknown>, links: Record<string, string[]> = {}): PreparedRow => ({
  row: n,
  id: `id-${n}`,
  values: { columns: new Map(Object.entries(columns)), links: new Map(Object.entries(links)) },
});

describe('batchInsert', () => {
  it('sends each column as one array, leaves out columns no row has, and defaults absent values', () => {
    const rows = [row(1, { title: 'a', qty: 3, tags: ['a'] }), row(2, { title: 'b', tags: null })];
    const { sql, params } = batchInsert(items, columnPlans(items), rows, 'user-1');
    expect(sql.replace(/\s+/g, ' ')).toBe(
      'INSERT INTO "data"."items" ("id", "created_by", "title", "qty", "tags") ' +
        'SELECT u.c_id, $2::uuid, u.c0, CASE WHEN u.p1 THEN u.c1 ELSE 1 END, ' +
        'CASE WHEN u.c2 IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.c2))::text[] END ' +
        'FROM unnest($1::uuid[], $3::text[], $4::integer[], $5::boolean[], $6::jsonb[]) AS u(c_id, c0, c1, p1, c2)',
    );
    expect(params).toEqual([['id-1', 'id-2'], 'user-1', ['a', 'b'], [3, null], [true, false], ['["a"]', null]]);
  });

  it('needs no presence array when every row has a defaulted column', () => {
    const { sql } = batchInsert(items, columnPlans(items), [row(1, { title: 'a', qty: 2 })], null);
    expect(sql).toContain('u.c1');
    expect(sql).not.toContain('CASE WHEN u.p1');
  });
});

describe('linkInserts', () => {
  it('writes the junction rows of many-to-many fields in one statement per field', () => {
    const rows = [row(1, { title: 'a' }, { labels: ['x', 'y'] }), row(2, { title: 'b' }, { labels: [] })];
    const statements = linkInserts(items, rows);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.params).toEqual([
      ['id-1', 'id-1'],
      ['x', 'y'],
    ]);
    expect(linkInserts(items, [row(3, { title: 'c' })])).toEqual([]);
  });
});
