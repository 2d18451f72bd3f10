// Property tests of the planner over generated schemas: idempotence, independence from input
// order, and that every change validation accepts can be planned.
import fc from 'fast-check';
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition } from '../metadata/field-definition.js';
import { makeCollection, makeField, makeUsers } from '../testing/schema-fixtures.js';
import { validateSchema } from '../validation/validate-schema.js';
import { validateSchemaChange } from '../validation/validate-schema-change.js';
import { actionsToSql } from './actions-to-sql.js';
import { planSchemaChange } from './plan-schema-change.js';

const COLLECTION_NAMES = ['posts', 'notes', 'tags', 'items', 'orders'] as const;
const FIELD_NAMES = [
  'title',
  'body',
  'qty',
  'price',
  'flag',
  'day',
  'at',
  'meta',
  'mail',
  'site',
  'status',
  'labels',
  'link',
  'token',
];

/** Field factories spanning every type and the options that produce DDL. */
const fieldKinds = (targets: readonly string[]): ((n: number, name: string) => FieldDefinition)[] => [
  (n, name) =>
    makeField(n, name, 'text', {
      required: n % 2 === 0,
      default: n % 2 === 0 ? "d'x" : undefined,
      maxLength: 40,
      unique: n % 3 === 0,
    }),
  (n, name) => makeField(n, name, 'long_text', { minLength: 1 }),
  (n, name) => makeField(n, name, 'integer', { min: 0, max: 100, indexed: true }),
  (n, name) => makeField(n, name, 'number', { precision: 10, scale: 2, default: 1.5 }),
  (n, name) => makeField(n, name, 'boolean', { required: true, default: false }),
  (n, name) => makeField(n, name, 'date', { default: 'now', min: '2000-01-01' }),
  (n, name) => makeField(n, name, 'datetime', { indexed: true }),
  (n, name) => makeField(n, name, 'json', { default: { a: [1] }, indexed: n % 2 === 0 }),
  (n, name) => makeField(n, name, 'email', { unique: true }),
  (n, name) => makeField(n, name, 'url', {}),
  (n, name) => makeField(n, name, 'select', { values: ['a', 'b'], default: 'a' }),
  (n, name) => makeField(n, name, 'multi_select', { values: ['a', 'b', 'c'], maxSelect: 2 }),
  (n, name) => makeField(n, name, 'secret', {}),
  (n, name) =>
    makeField(n, name, 'relation', {
      kind: 'many_to_one',
      target: targets[n % targets.length] ?? 'users',
      onDelete: (['restrict', 'cascade', 'set_null'] as const)[n % 3] ?? 'cascade',
    }),
  (n, name) => makeField(n, name, 'relation', { kind: 'many_to_many', target: targets[n % targets.length] ?? 'users' }),
];

/** A valid schema: users plus up to four collections, fields with ids unique across the schema. */
const schema: fc.Arbitrary<CollectionDefinition[]> = fc
  .uniqueArray(fc.constantFrom(...COLLECTION_NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc
      .tuple(
        ...names.map(() =>
          fc.uniqueArray(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.nat(14)), {
            maxLength: 6,
            selector: ([name]) => name,
          }),
        ),
      )
      .map((fieldLists) => {
        const targets = ['users', ...names];
        const kinds = fieldKinds(targets);
        return [
          makeUsers(),
          ...names.map((name, c) =>
            makeCollection(
              c + 1,
              name,
              fieldLists[c]?.map(([fieldName, kind], f) => kinds[kind]!((c + 1) * 1000 + f, fieldName)) ?? [],
            ),
          ),
        ];
      }),
  );

function shuffle<T>(items: readonly T[], seed: number): T[] {
  return [...items]
    .map((item, i) => ({ item, k: (i * 7919 + seed) % 101 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.item);
}

describe('planSchemaChange properties', () => {
  it('generates valid schemas', () => {
    fc.assert(
      fc.property(schema, (s) => expect(validateSchema(s)).toEqual([])),
      { numRuns: 100 },
    );
  });

  it('plans nothing between a schema and itself', () => {
    fc.assert(
      fc.property(schema, (s) => expect(planSchemaChange(s, structuredClone(s))).toEqual([])),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of collections or fields', () => {
    fc.assert(
      fc.property(schema, schema, fc.nat(100), (a, b, seed) => {
        if (validateSchemaChange(a, b).length > 0) return;
        const reorder = (s: CollectionDefinition[]) =>
          shuffle(s, seed).map((c) => ({ ...c, fields: shuffle(c.fields, seed + 1) }));
        expect(actionsToSql(planSchemaChange(reorder(a), reorder(b)))).toEqual(actionsToSql(planSchemaChange(a, b)));
      }),
      { numRuns: 150 },
    );
  });

  it('plans every change that validation accepts, and only drops are destructive besides lossy casts', () => {
    fc.assert(
      fc.property(schema, schema, (a, b) => {
        if (validateSchemaChange(a, b).length > 0) return;
        const actions = planSchemaChange(a, b);
        for (const action of actions) {
          const drop =
            action.type === 'drop_table' || action.type === 'drop_column' || action.type === 'drop_junction_table';
          if (drop) expect(action.destructive).toBe(true);
          else if (action.type !== 'alter_column_type') expect(action.destructive).toBe(false);
        }
        expect(actionsToSql(actions)).toHaveLength(actions.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the target: planning from the target to itself after any accepted change is empty', () => {
    fc.assert(
      fc.property(schema, schema, (a, b) => {
        if (validateSchemaChange(a, b).length > 0) return;
        expect(planSchemaChange(b, b)).toEqual([]);
        expect(planSchemaChange([], b).filter((x) => x.destructive)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
