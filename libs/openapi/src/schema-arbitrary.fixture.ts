// Random schemas for property specs: users plus up to four collections of random fields, with
// names chosen to PascalCase alike and every flag combination. Not exported from the library.
import fc from 'fast-check';
import { FIELD_TYPE_NAMES, type CollectionDefinition, type FieldDefinition, type FieldType } from '@stagecraft/schema';
import { makeCollection, makeField, makeUsers } from '../../schema/src/testing/schema-fixtures.js';

const FLAG_TYPES: readonly FieldType[] = FIELD_TYPE_NAMES.filter((t) => t !== 'relation' && t !== 'secret');

function fieldArbitrary(n: number, name: string, targets: readonly string[]): fc.Arbitrary<FieldDefinition> {
  const flags = fc.record({ required: fc.boolean(), hidden: fc.boolean(), readOnly: fc.boolean() });
  const plain = fc
    .tuple(fc.constantFrom(...FLAG_TYPES), flags)
    .map(([type, f]) =>
      type === 'select' || type === 'multi_select'
        ? makeField(n, name, type, { values: ['a', 'b'], ...f })
        : makeField(n, name, type, f),
    );
  const secret = fc.boolean().map((required) => makeField(n, name, 'secret', { required }));
  const relation = fc
    .tuple(fc.constantFrom(...targets), fc.constantFrom('many_to_one', 'many_to_many', 'one_to_many'), fc.boolean())
    .map(([target, kind, hidden]) =>
      kind === 'many_to_one'
        ? makeField(n, name, 'relation', { kind, target, onDelete: 'cascade', hidden })
        : kind === 'many_to_many'
          ? makeField(n, name, 'relation', { kind, target, hidden })
          : makeField(n, name, 'relation', { kind, target, via: 'x', hidden }),
    );
  return fc.oneof(plain, secret, relation);
}

const NAMES = ['posts', 'post_2', 'post2', 'blog_posts', 'blogposts', 'tags'];

export const schemaArbitrary: fc.Arbitrary<CollectionDefinition[]> = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) => {
    const targets = ['users', ...names];
    return fc.tuple(
      ...names.map((name, i) =>
        fc
          .array(fc.nat(9999), { minLength: 0, maxLength: 8 })
          .chain((ns) => fc.tuple(...[...new Set(ns)].map((n) => fieldArbitrary(n + 1, `f${n}`, targets))))
          .map((fields) => makeCollection(i + 1, name, fields)),
      ),
    );
  })
  .map((collections) => [makeUsers(), ...collections]);
