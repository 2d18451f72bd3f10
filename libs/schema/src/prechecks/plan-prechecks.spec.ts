// Data pre-checks: the exact SQL of the builders, and which planned actions get one (those that
// existing records could make fail).
import { makeCollection, makeField, makeUsers } from '../testing/schema-fixtures.js';
import { planSchemaChange } from '../planner/plan-schema-change.js';
import { planPrechecks } from './plan-prechecks.js';
import { buildCastPrecheckSql, buildDuplicatePrecheckSql, buildNullRowsPrecheckSql } from './precheck-sql.js';

const users = makeUsers();
const T = '"data"."posts"';

describe('pre-check SQL builders', () => {
  it('counts rows without a value for a column becoming required, with the first ids', () => {
    expect(buildNullRowsPrecheckSql('posts', 'title', 3)).toBe(
      `SELECT (SELECT count(*)::int FROM ${T} WHERE "title" IS NULL) AS "count", ` +
        `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', s."id", 'value', s."value") ORDER BY s."id"), '[]'::jsonb) ` +
        `FROM (SELECT "id", NULL::text AS "value" FROM ${T} WHERE "title" IS NULL ORDER BY "id" LIMIT 3) AS s) AS "sample"`,
    );
  });

  it('counts repeated values for a new unique, with rows sharing them', () => {
    const repeated = `SELECT "slug" FROM ${T} WHERE "slug" IS NOT NULL GROUP BY "slug" HAVING count(*) > 1`;
    expect(buildDuplicatePrecheckSql('posts', 'slug')).toBe(
      `SELECT (SELECT count(*)::int FROM (${repeated}) AS g) AS "count", ` +
        `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', s."id", 'value', s."value") ORDER BY s."n"), '[]'::jsonb) ` +
        `FROM (SELECT "id", "slug"::text AS "value", row_number() OVER (ORDER BY "slug", "id") AS "n" FROM ${T} WHERE "slug" IN (${repeated}) ORDER BY "slug", "id" LIMIT 5) AS s) AS "sample"`,
    );
  });

  it('finds the rows a cast would reject, naming id and value', () => {
    const where = `"qty" IS NOT NULL AND (NOT stagecraft.input_is_valid("qty", 'integer'))`;
    expect(buildCastPrecheckSql('posts', 'qty', `NOT stagecraft.input_is_valid("qty", 'integer')`, 1)).toBe(
      `SELECT (SELECT count(*)::int FROM ${T} WHERE ${where}) AS "count", ` +
        `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', s."id", 'value', s."value") ORDER BY s."id"), '[]'::jsonb) ` +
        `FROM (SELECT "id", "qty"::text AS "value" FROM ${T} WHERE ${where} ORDER BY "id" LIMIT 1) AS s) AS "sample"`,
    );
  });

  it('refuses unsafe identifiers', () => {
    expect(() => buildNullRowsPrecheckSql('posts', 'x" OR 1=1 --')).toThrow();
  });
});

describe('planPrechecks', () => {
  it('guards the actions existing data could break, pointing at each action', () => {
    const before = [
      users,
      makeCollection(1, 'posts', [
        makeField(1, 'qty', 'text', {}),
        makeField(2, 'slug', 'text', {}),
        makeField(3, 'title', 'text', {}),
      ]),
    ];
    const after = [
      users,
      makeCollection(1, 'posts', [
        makeField(1, 'qty', 'integer', { max: 9 }),
        makeField(2, 'slug', 'text', { unique: true }),
        makeField(3, 'title', 'text', { required: true }),
        makeField(4, 'body', 'text', { required: true }),
        makeField(5, 'note', 'text', { required: true, default: 'n/a' }),
      ]),
    ];
    const actions = planSchemaChange(before, after);
    const checks = planPrechecks(actions);
    expect(checks.map((c) => [c.kind, actions[c.actionIndex]?.type, c.column])).toEqual([
      ['required_missing', 'add_column', 'body'],
      ['cast_failure', 'alter_column_type', 'qty'],
      ['required_missing', 'set_not_null', 'title'],
      ['duplicate_values', 'add_unique', 'slug'],
      ['check_violation', 'add_check', 'qty'],
      // A required text must not be blank: rows holding '' or spaces break the new check.
      ['check_violation', 'add_check', 'title'],
      ['check_violation', 'add_check', 'body'],
      ['check_violation', 'add_check', 'note'],
    ]);
    expect(checks[5]?.sql).toContain(`WHERE NOT ("title" ~ E'\\\\S')`);
    expect(checks[4]?.sql).toContain(`WHERE NOT ("qty" <= 9)`);
    expect(checks[1]?.message).toBe('Some values of the field "qty" on "posts" cannot be converted to integer');
    expect(checks.every((c) => c.fieldId !== null && c.collectionId === after[1]?.id)).toBe(true);
  });

  it('needs no pre-check for casts that cannot fail', () => {
    const actions = planSchemaChange(
      [users, makeCollection(1, 'posts', [makeField(1, 'n', 'integer', {})])],
      [users, makeCollection(1, 'posts', [makeField(1, 'n', 'text', {})])],
    );
    expect(planPrechecks(actions)).toEqual([]);
  });
});
