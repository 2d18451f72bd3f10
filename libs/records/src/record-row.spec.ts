import type { FieldDefinition } from '@stagecraft/schema';
import { compileCollection } from './compile-schema.js';
import { recordReader, toRecord } from './record-row.js';

let position = 0;
const field = (name: string, type: FieldDefinition['type'], options: object = {}): FieldDefinition =>
  ({
    id: `00000000-0000-4000-8000-${String(++position).padStart(12, '0')}`,
    name,
    type,
    options,
    position,
    system: false,
  }) as FieldDefinition;

const items = compileCollection({
  id: '00000000-0000-4000-8000-000000000000',
  name: 'items',
  label: 'Items',
  description: '',
  system: false,
  rules: { list: '', view: '', create: '', update: '', delete: '' },
  fields: [
    field('title', 'text'),
    field('price', 'number'),
    field('qty', 'integer'),
    field('note', 'text', { hidden: true }),
    field('token', 'secret'),
    field('owner', 'relation', { kind: 'many_to_one', target: 'users' }),
    field('children', 'relation', { kind: 'one_to_many', target: 'items', via: 'owner' }),
  ],
});

const row = (prefix: string) => ({
  [`${prefix}id`]: 'a1',
  [`${prefix}created_at`]: new Date(0),
  [`${prefix}version`]: 3,
  [`${prefix}title`]: 'Lamp',
  [`${prefix}price`]: '12.50',
  [`${prefix}qty`]: 4,
  [`${prefix}note`]: 'never shown',
  [`${prefix}token`]: 'never shown',
  [`${prefix}owner`]: null,
  [`${prefix}children`]: 'never shown',
  unrelated: 'ignored',
});

describe('recordReader', () => {
  it('reads what toRecord reads of the selected fields, with the id, from prefixed columns', () => {
    const fields = new Set(['title', 'price', 'qty', 'owner', 'note', 'token', 'children', 'created_at']);
    const expected = toRecord(row(''), items, new Set([...fields, 'id']));
    expect(recordReader(items, fields)(row(''))).toEqual(expected);
    expect(recordReader(items, fields, 'j1__')(row('j1__'))).toEqual(expected);
    expect(expected).toEqual({ id: 'a1', created_at: new Date(0), title: 'Lamp', price: 12.5, qty: 4, owner: null });
  });

  it('keeps a missing number as it is, and one reader per selection and prefix', () => {
    const fields = new Set(['price']);
    expect(recordReader(items, fields)({ id: 'a2', price: null })).toEqual({ id: 'a2', price: null });
    expect(recordReader(items, fields)({ id: 'a3' })).toEqual({ id: 'a3', price: undefined });
    expect(recordReader(items, fields)).toBe(recordReader(items, fields));
    expect(recordReader(items, fields, 'j2__')).not.toBe(recordReader(items, fields));
  });
});
