// The change validator: what may not change between two schemas (users, system fields, casts,
// relation kinds and targets), and that every issue code is exercised by some spec.
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition } from '../metadata/field-definition.js';
import { renameCollection } from '../metadata/rename-collection.js';
import { makeCollection, makeField, makeUsers } from '../testing/schema-fixtures.js';
import { validateSchemaChange } from './validate-schema-change.js';
import { ISSUE_CODES, type IssueCode } from './validation-issue.js';

const users = makeUsers();
const people = makeCollection(2, 'people', []);
const posts = (fields: FieldDefinition[]) => makeCollection(1, 'posts', fields);
const owner = makeField(3, 'owner', 'relation', { kind: 'many_to_one', target: 'people', onDelete: 'cascade' });
const before: CollectionDefinition[] = [users, people, posts([makeField(1, 'qty', 'text', {}), owner])];

const change = (after: CollectionDefinition[]) => validateSchemaChange(before, after);
const seen = new Set<IssueCode>();

describe('validateSchemaChange', () => {
  it('accepts renames, casts and new fields', () => {
    const renamed = renameCollection(before, people.id, 'persons');
    const after = renamed.map((c) =>
      c.name === 'posts' ? posts([makeField(1, 'quantity', 'integer', {}), ...c.fields.slice(1)]) : c,
    );
    expect(change(after)).toEqual([]);
  });

  it.each<[string, () => CollectionDefinition[], string, IssueCode]>([
    ['dropping users', () => [people, before[2]!], 'collections', 'system_collection_locked'],
    [
      'renaming users',
      () => renameCollection(before, users.id, 'members'),
      'collections[0].name',
      'system_collection_locked',
    ],
    [
      'removing a system field',
      () => [makeCollection(100, 'users', [], { system: true }), people, before[2]!],
      'collections[0].fields',
      'system_field_locked',
    ],
    [
      'changing a system field',
      () => [{ ...users, fields: [{ ...users.fields[0]!, name: 'mail' }] }, people, before[2]!],
      'collections[0].fields[0]',
      'system_field_locked',
    ],
    [
      'adding a system field',
      () => [makeUsers([makeField(101, 'extra', 'text', {}, { system: true })]), people, before[2]!],
      'collections[0].fields[1].system',
      'system_flag_invalid',
    ],
    [
      'a type change without a cast',
      () => [users, people, posts([makeField(1, 'qty', 'secret', {}), owner])],
      'collections[2].fields[0].type',
      'type_change_unsupported',
    ],
    [
      'a relation kind change',
      () => [
        users,
        people,
        posts([
          makeField(1, 'qty', 'text', {}),
          makeField(3, 'owner', 'relation', { kind: 'many_to_many', target: 'people' }),
        ]),
      ],
      'collections[2].fields[1].options',
      'relation_change_unsupported',
    ],
    [
      'a relation target change',
      () => [
        users,
        people,
        posts([
          makeField(1, 'qty', 'text', {}),
          makeField(3, 'owner', 'relation', { kind: 'many_to_one', target: 'users', onDelete: 'cascade' }),
        ]),
      ],
      'collections[2].fields[1].options',
      'relation_change_unsupported',
    ],
    [
      'a text field becoming a relation',
      () => [
        users,
        people,
        posts([makeField(1, 'qty', 'relation', { kind: 'many_to_one', target: 'people', onDelete: 'cascade' }), owner]),
      ],
      'collections[2].fields[0].options',
      'relation_change_unsupported',
    ],
    [
      'a field moving to another collection',
      () => [users, { ...people, fields: [makeField(1, 'qty', 'text', {})] }, posts([owner])],
      'collections[1].fields[0].id',
      'field_moved',
    ],
    [
      'renaming a target without updating relations',
      () => [users, { ...people, name: 'persons' }, before[2]!],
      'collections[2].fields[1].options.target',
      'relation_target_missing',
    ],
  ])('reports %s', (_, build, path, code) => {
    const issues = change(build());
    expect(issues).toContainEqual(expect.objectContaining({ path, code }));
    issues.forEach((i) => seen.add(i.code));
  });
});

describe('issue codes', () => {
  it('are each exercised by a validator spec', () => {
    // Codes reported by validate-collection.spec (listed there one per case) plus the change rules above.
    const collectionCodes: IssueCode[] = [
      'invalid_structure',
      'invalid_id',
      'duplicate_id',
      'invalid_name',
      'reserved_name',
      'system_column_name',
      'duplicate_name',
      'unknown_type',
      'unknown_option',
      'invalid_option',
      'missing_option',
      'option_out_of_range',
      'min_greater_than_max',
      'invalid_pattern',
      'empty_values',
      'duplicate_values',
      'default_not_in_values',
      'invalid_default',
      'read_only_required',
      'relation_target_missing',
      'relation_via_missing',
      'relation_via_invalid',
      'on_delete_conflicts_with_required',
      'system_flag_invalid',
    ];
    expect(new Set([...collectionCodes, ...seen])).toEqual(new Set(ISSUE_CODES));
  });
});
