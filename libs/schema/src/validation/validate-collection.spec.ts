// The definition validator, one case per problem code, plus a definition with several problems
// that must all be reported at once.
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import { makeCollection, makeField, makeUsers } from '../testing/schema-fixtures.js';
import { validateCollectionDefinition } from './validate-collection.js';
import { validateSchema } from './validate-schema.js';
import type { IssueCode } from './validation-issue.js';

const users = makeUsers();
const valid = (): CollectionDefinition =>
  makeCollection(1, 'posts', [
    makeField(1, 'title', 'text', { required: true, maxLength: 100 }),
    makeField(2, 'author', 'relation', { kind: 'many_to_one', target: 'users', onDelete: 'set_null' }),
  ]);

/** A definition as untrusted JSON, so cases can break it in ways the types forbid. */
type Json = Record<string, unknown> & { fields: Record<string, unknown>[] };
const json = (): Json => structuredClone(valid()) as unknown as Json;
const withField = (field: Record<string, unknown>): Json => {
  const def = json();
  def.fields.push({ id: '00000000-0000-4000-8000-000000000009', name: 'x', position: 9, system: false, ...field });
  return def;
};

describe('validateCollectionDefinition', () => {
  it('accepts a valid definition', () => {
    expect(validateCollectionDefinition(valid(), [users])).toEqual([]);
  });

  it.each<[string, () => unknown, string, IssueCode]>([
    ['not an object', () => 'posts', '', 'invalid_structure'],
    ['unknown property', () => ({ ...json(), colour: 'red' }), 'colour', 'invalid_structure'],
    ['fields not an array', () => ({ ...json(), fields: {} }), 'fields', 'invalid_structure'],
    ['label not a string', () => ({ ...json(), label: 5 }), 'label', 'invalid_structure'],
    [
      'rule not a string',
      () => ({ ...json(), rules: { list: 1, view: null, create: null, update: null, delete: null } }),
      'rules.list',
      'invalid_structure',
    ],
    [
      'bad position',
      () => withField({ type: 'text', options: {}, position: -1 }),
      'fields[2].position',
      'invalid_structure',
    ],
    ['field not an object', () => ({ ...json(), fields: [null] }), 'fields[0]', 'invalid_structure'],
    ['options not an object', () => withField({ type: 'text', options: [] }), 'fields[2].options', 'invalid_structure'],
    ['collection id not a uuid', () => ({ ...json(), id: 'abc' }), 'id', 'invalid_id'],
    ['field id not a uuid', () => withField({ id: 'x', type: 'text', options: {} }), 'fields[2].id', 'invalid_id'],
    [
      'duplicate field id',
      () => withField({ id: '00000000-0000-4000-8000-000000000001', type: 'text', options: {} }),
      'fields[2].id',
      'duplicate_id',
    ],
    [
      'field id used by another collection',
      () => withField({ id: '00000000-0000-4000-8000-000000000100', type: 'text', options: {} }),
      'fields[2].id',
      'duplicate_id',
    ],
    ['uppercase collection name', () => ({ ...json(), name: 'Posts' }), 'name', 'invalid_name'],
    ['collection name starting with _', () => ({ ...json(), name: '_posts' }), 'name', 'invalid_name'],
    ['name too long', () => ({ ...json(), name: 'a'.repeat(64) }), 'name', 'invalid_name'],
    [
      'field name with a dash',
      () => withField({ name: 'my-field', type: 'text', options: {} }),
      'fields[2].name',
      'invalid_name',
    ],
    ['reserved collection name', () => ({ ...json(), name: 'user' }), 'name', 'reserved_name'],
    ['collection name ending in _pkey', () => ({ ...json(), name: 'posts_pkey' }), 'name', 'reserved_name'],
    [
      'reserved field name',
      () => withField({ name: 'order', type: 'text', options: {} }),
      'fields[2].name',
      'reserved_name',
    ],
    [
      'field named expand',
      () => withField({ name: 'expand', type: 'text', options: {} }),
      'fields[2].name',
      'reserved_name',
    ],
    [
      'system column name',
      () => withField({ name: 'created_at', type: 'text', options: {} }),
      'fields[2].name',
      'system_column_name',
    ],
    [
      'duplicate field name',
      () => withField({ name: 'title', type: 'text', options: {} }),
      'fields[2].name',
      'duplicate_name',
    ],
    ['duplicate collection name', () => ({ ...json(), name: 'users' }), 'name', 'duplicate_name'],
    ['unknown type', () => withField({ type: 'money', options: {} }), 'fields[2].type', 'unknown_type'],
    [
      'unknown option',
      () => withField({ type: 'integer', options: { pattern: 'x' } }),
      'fields[2].options.pattern',
      'unknown_option',
    ],
    [
      'option of another relation kind',
      () => withField({ type: 'relation', options: { kind: 'many_to_many', target: 'users', onDelete: 'cascade' } }),
      'fields[2].options.onDelete',
      'unknown_option',
    ],
    [
      'option of the wrong type',
      () => withField({ type: 'text', options: { required: 'yes' } }),
      'fields[2].options.required',
      'invalid_option',
    ],
    [
      'bad onDelete',
      () => withField({ type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'nullify' } }),
      'fields[2].options.onDelete',
      'invalid_option',
    ],
    [
      'select without values',
      () => withField({ type: 'select', options: {} }),
      'fields[2].options.values',
      'missing_option',
    ],
    [
      'many_to_one without onDelete',
      () => withField({ type: 'relation', options: { kind: 'many_to_one', target: 'users' } }),
      'fields[2].options.onDelete',
      'missing_option',
    ],
    [
      'one_to_many without via',
      () => withField({ type: 'relation', options: { kind: 'one_to_many', target: 'users' } }),
      'fields[2].options.via',
      'missing_option',
    ],
    [
      'scale without precision',
      () => withField({ type: 'number', options: { scale: 2 } }),
      'fields[2].options.precision',
      'missing_option',
    ],
    [
      'precision too large',
      () => withField({ type: 'number', options: { precision: 1001 } }),
      'fields[2].options.precision',
      'option_out_of_range',
    ],
    [
      'scale above precision',
      () => withField({ type: 'number', options: { precision: 4, scale: 5 } }),
      'fields[2].options.scale',
      'option_out_of_range',
    ],
    [
      'integer min beyond 32 bits',
      () => withField({ type: 'integer', options: { min: -3e9 } }),
      'fields[2].options.min',
      'option_out_of_range',
    ],
    [
      'maxSelect above the number of values',
      () => withField({ type: 'multi_select', options: { values: ['a'], maxSelect: 2 } }),
      'fields[2].options.maxSelect',
      'option_out_of_range',
    ],
    [
      'min > max',
      () => withField({ type: 'integer', options: { min: 5, max: 1 } }),
      'fields[2].options.min',
      'min_greater_than_max',
    ],
    [
      'minLength > maxLength',
      () => withField({ type: 'text', options: { minLength: 5, maxLength: 1 } }),
      'fields[2].options.minLength',
      'min_greater_than_max',
    ],
    [
      'date min > max',
      () => withField({ type: 'date', options: { min: '2024-02-01', max: '2024-01-01' } }),
      'fields[2].options.min',
      'min_greater_than_max',
    ],
    [
      'invalid pattern',
      () => withField({ type: 'text', options: { pattern: '([a-z]' } }),
      'fields[2].options.pattern',
      'invalid_pattern',
    ],
    [
      'unportable pattern',
      () => withField({ type: 'email', options: { pattern: '\\bx' } }),
      'fields[2].options.pattern',
      'invalid_pattern',
    ],
    [
      'empty values',
      () => withField({ type: 'select', options: { values: [] } }),
      'fields[2].options.values',
      'empty_values',
    ],
    [
      'duplicate values',
      () => withField({ type: 'multi_select', options: { values: ['a', 'b', 'a'] } }),
      'fields[2].options.values[2]',
      'duplicate_values',
    ],
    [
      'select default not in values',
      () => withField({ type: 'select', options: { values: ['a'], default: 'b' } }),
      'fields[2].options.default',
      'default_not_in_values',
    ],
    [
      'multi_select default not in values',
      () => withField({ type: 'multi_select', options: { values: ['a'], default: ['b'] } }),
      'fields[2].options.default',
      'default_not_in_values',
    ],
    [
      'text default too long',
      () => withField({ type: 'text', options: { maxLength: 2, default: 'abc' } }),
      'fields[2].options.default',
      'invalid_default',
    ],
    [
      'integer default out of range',
      () => withField({ type: 'integer', options: { min: 0, default: -1 } }),
      'fields[2].options.default',
      'invalid_default',
    ],
    [
      'email default not an address',
      () => withField({ type: 'email', options: { default: 'nope' } }),
      'fields[2].options.default',
      'invalid_default',
    ],
    [
      'date default not a date',
      () => withField({ type: 'date', options: { default: 'tomorrow' } }),
      'fields[2].options.default',
      'invalid_default',
    ],
    [
      'datetime default without offset',
      () => withField({ type: 'datetime', options: { default: '2024-01-01T00:00:00' } }),
      'fields[2].options.default',
      'invalid_default',
    ],
    [
      'date default before min',
      () => withField({ type: 'date', options: { min: '2024-01-01', default: '2023-12-31' } }),
      'fields[2].options.default',
      'invalid_default',
    ],
    [
      'read-only required without default',
      () => withField({ type: 'text', options: { readOnly: true, required: true } }),
      'fields[2].options.readOnly',
      'read_only_required',
    ],
    [
      'relation to a missing collection',
      () => withField({ type: 'relation', options: { kind: 'many_to_many', target: 'tags' } }),
      'fields[2].options.target',
      'relation_target_missing',
    ],
    [
      'one_to_many via a missing field',
      () => withField({ type: 'relation', options: { kind: 'one_to_many', target: 'users', via: 'post' } }),
      'fields[2].options.via',
      'relation_via_missing',
    ],
    [
      'one_to_many via a field that is no relation back',
      () => withField({ type: 'relation', options: { kind: 'one_to_many', target: 'users', via: 'email' } }),
      'fields[2].options.via',
      'relation_via_invalid',
    ],
    [
      'required relation set to null on delete',
      () =>
        withField({
          type: 'relation',
          options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null', required: true },
        }),
      'fields[2].options.onDelete',
      'on_delete_conflicts_with_required',
    ],
    ['system flag outside users', () => ({ ...json(), system: true }), 'system', 'system_flag_invalid'],
    [
      'system field outside users',
      () => withField({ type: 'text', options: {}, system: true }),
      'fields[2].system',
      'system_flag_invalid',
    ],
  ])('reports %s', (_, build, path, code) => {
    expect(validateCollectionDefinition(build(), [users])).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('lets system fields be read-only and required, since the engine writes them', () => {
    const hash = makeField(
      101,
      'password_hash',
      'text',
      { required: true, hidden: true, readOnly: true },
      { system: true },
    );
    expect(validateCollectionDefinition(makeUsers([hash]), [])).toEqual([]);
  });

  it('reports every problem at once', () => {
    const def = json();
    def['name'] = 'select';
    def.fields.push(
      { id: 'nope', name: 'Bad', type: 'integer', options: { min: 3, max: 1 }, position: 3, system: false },
      {
        id: '00000000-0000-4000-8000-000000000004',
        name: 'title',
        type: 'select',
        options: { values: ['a'], default: 'z' },
        position: 4,
        system: false,
      },
    );
    const codes = validateCollectionDefinition(def, [users])
      .map((i) => i.code)
      .sort();
    expect(codes).toEqual([
      'default_not_in_values',
      'duplicate_name',
      'invalid_id',
      'invalid_name',
      'min_greater_than_max',
      'reserved_name',
    ]);
  });

  it('accepts a one_to_many that mirrors a many_to_one, including on the same collection', () => {
    const tree = makeCollection(2, 'nodes', [
      makeField(10, 'parent', 'relation', { kind: 'many_to_one', target: 'nodes', onDelete: 'cascade' }),
      makeField(11, 'children', 'relation', { kind: 'one_to_many', target: 'nodes', via: 'parent' }),
    ]);
    const reverse = makeField(12, 'posts', 'relation', { kind: 'one_to_many', target: 'posts', via: 'author' });
    expect(validateSchema([makeUsers([reverse]), valid(), tree])).toEqual([]);
  });
});

describe('validateSchema', () => {
  it('reports duplicate collection ids and names across the schema', () => {
    const twin = { ...valid(), name: 'other' };
    const issues = validateSchema([users, valid(), twin, { ...makeCollection(3, 'posts', []) }]);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'collections[2].id', code: 'duplicate_id' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'collections[3].name', code: 'duplicate_name' }));
  });

  it('refuses a non-array', () => {
    expect(validateSchema({})).toEqual([expect.objectContaining({ path: 'collections', code: 'invalid_structure' })]);
  });
});
