// Table-driven planner tests asserting the exact SQL of each action type, renames vs drop+add,
// type changes with USING, relations, defaults, and the safe order of a mixed change.
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition } from '../metadata/field-definition.js';
import { makeCollection, makeField, makeUsers } from '../testing/schema-fixtures.js';
import { actionsToSql } from './actions-to-sql.js';
import { planSchemaChange } from './plan-schema-change.js';
import { SchemaPlanError } from './schema-plan-error.js';

const users = makeUsers();
const posts = (fields: FieldDefinition[], name = 'posts') => makeCollection(1, name, fields);
const sql = (before: CollectionDefinition[], after: CollectionDefinition[]) =>
  actionsToSql(planSchemaChange(before, after));
/** SQL for changing the fields of `posts` (users present on both sides). */
const fieldSql = (before: FieldDefinition[], after: FieldDefinition[]) =>
  sql([users, posts(before)], [users, posts(after)]);

const T = '"data"."posts"';

describe('planSchemaChange: tables', () => {
  it('creates a table with system columns, field columns, primary key, created_by link and objects', () => {
    const after = posts([
      makeField(1, 'title', 'text', {
        required: true,
        minLength: 3,
        maxLength: 200,
        pattern: '^[A-Z]',
        default: 'Hello',
      }),
      makeField(2, 'slug', 'text', { unique: true }),
    ]);
    expect(sql([users], [users, after])).toEqual([
      `CREATE TABLE ${T} ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(), "created_by" uuid, "version" integer NOT NULL DEFAULT 1, "title" text NOT NULL DEFAULT 'Hello', "slug" text, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"))`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "data"."users" ("id") ON DELETE SET NULL`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000002_key" UNIQUE ("slug")`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_maxlen_chk" CHECK (char_length("title") <= 200)`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_minlen_chk" CHECK (char_length("title") >= 3)`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_notblank_chk" CHECK ("title" ~ E'\\\\S')`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_pattern_chk" CHECK ("title" ~ '^[A-Z]')`,
    ]);
  });

  it('links users.created_by to users itself', () => {
    expect(sql([], [users])).toEqual([
      `CREATE TABLE "data"."users" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(), "created_by" uuid, "version" integer NOT NULL DEFAULT 1, "email" text NOT NULL, CONSTRAINT "users_pkey" PRIMARY KEY ("id"))`,
      `ALTER TABLE "data"."users" ADD CONSTRAINT "users_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "data"."users" ("id") ON DELETE SET NULL`,
      `ALTER TABLE "data"."users" ADD CONSTRAINT "users_000000000100_key" UNIQUE ("email")`,
      `ALTER TABLE "data"."users" ADD CONSTRAINT "users_000000000100_notblank_chk" CHECK ("email" ~ E'\\\\S')`,
    ]);
  });

  it('drops a table, flagged destructive', () => {
    const actions = planSchemaChange([users, posts([])], [users]);
    expect(actionsToSql(actions)).toEqual([`DROP TABLE ${T}`]);
    expect(actions[0]).toMatchObject({
      type: 'drop_table',
      destructive: true,
      description: 'drop collection "posts" and all its records',
    });
  });

  it('renames a table and the constraints and indexes named after it', () => {
    const fields = [
      makeField(1, 'slug', 'text', { unique: true }),
      makeField(2, 'rank', 'integer', { indexed: true, min: 0 }),
    ];
    const actions = planSchemaChange([users, posts(fields)], [users, posts(fields, 'articles')]);
    expect(actionsToSql(actions)).toEqual([
      `ALTER TABLE ${T} RENAME TO "articles"`,
      `ALTER TABLE "data"."articles" RENAME CONSTRAINT "posts_000000000001_key" TO "articles_000000000001_key"`,
      `ALTER INDEX "data"."posts_000000000002_idx" RENAME TO "articles_000000000002_idx"`,
      `ALTER TABLE "data"."articles" RENAME CONSTRAINT "posts_000000000002_min_chk" TO "articles_000000000002_min_chk"`,
      `ALTER TABLE "data"."articles" RENAME CONSTRAINT "posts_created_by_fkey" TO "articles_created_by_fkey"`,
      `ALTER TABLE "data"."articles" RENAME CONSTRAINT "posts_pkey" TO "articles_pkey"`,
    ]);
    expect(actions[0]?.description).toBe('rename collection "posts" to "articles"');
    expect(actions.every((a) => !a.destructive)).toBe(true);
  });

  it('swaps two table names through a temporary name', () => {
    const a = makeCollection(1, 'alpha', []);
    const b = makeCollection(2, 'beta', []);
    const swapped = [users, { ...a, name: 'beta' }, { ...b, name: 'alpha' }];
    const statements = sql([users, a, b], swapped).filter((s) => s.includes('RENAME TO'));
    expect(statements).toEqual([
      expect.stringMatching(/^ALTER TABLE "data"."alpha" RENAME TO "_tmp_[0-9a-f]{16}"$/),
      'ALTER TABLE "data"."beta" RENAME TO "alpha"',
      expect.stringMatching(/^ALTER TABLE "data"."_tmp_[0-9a-f]{16}" RENAME TO "beta"$/),
    ]);
  });

  it('drops a table first when another collection takes its name in the same change', () => {
    const old = makeCollection(2, 'posts', []);
    const renamed = makeCollection(3, 'drafts', []);
    const statements = sql([users, old, renamed], [users, { ...renamed, name: 'posts' }]);
    expect(statements.slice(0, 4)).toEqual([
      `DROP TABLE ${T}`,
      `ALTER TABLE "data"."drafts" RENAME TO "posts"`,
      `ALTER TABLE ${T} RENAME CONSTRAINT "drafts_created_by_fkey" TO "posts_created_by_fkey"`,
      `ALTER TABLE ${T} RENAME CONSTRAINT "drafts_pkey" TO "posts_pkey"`,
    ]);
  });

  it('plans nothing for identical input (idempotence)', () => {
    const all = [
      users,
      posts([makeField(1, 'title', 'text', { required: true, unique: true, maxLength: 9, default: 'x' })]),
    ];
    expect(planSchemaChange(all, structuredClone(all))).toEqual([]);
  });

  it('is deterministic whatever the order of collections and fields', () => {
    const fields = [
      makeField(1, 'a', 'text', { unique: true }),
      makeField(2, 'b', 'integer', { min: 1 }),
      makeField(3, 'c', 'boolean', {}),
    ];
    const forward = sql([], [users, posts(fields), makeCollection(2, 'notes', [])]);
    const backward = sql([], [makeCollection(2, 'notes', []), posts([...fields].reverse()), users]);
    expect(backward).toEqual(forward);
  });
});

describe('planSchemaChange: columns', () => {
  it.each<[string, FieldDefinition, string[]]>([
    ['text', makeField(9, 'x', 'text', {}), [`ALTER TABLE ${T} ADD COLUMN "x" text`]],
    [
      'required text with default',
      makeField(9, 'x', 'text', { required: true, default: 'n/a' }),
      [
        `ALTER TABLE ${T} ADD COLUMN "x" text NOT NULL DEFAULT 'n/a'`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_notblank_chk" CHECK ("x" ~ E'\\\\S')`,
      ],
    ],
    [
      'long_text',
      makeField(9, 'x', 'long_text', { maxLength: 5000 }),
      [
        `ALTER TABLE ${T} ADD COLUMN "x" text`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_maxlen_chk" CHECK (char_length("x") <= 5000)`,
      ],
    ],
    [
      'integer',
      makeField(9, 'x', 'integer', { min: -5, max: 5, default: 0 }),
      [
        `ALTER TABLE ${T} ADD COLUMN "x" integer DEFAULT 0`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_max_chk" CHECK ("x" <= 5)`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_min_chk" CHECK ("x" >= -5)`,
      ],
    ],
    [
      'number',
      makeField(9, 'x', 'number', { precision: 10, scale: 2, default: 1.5 }),
      [`ALTER TABLE ${T} ADD COLUMN "x" numeric(10,2) DEFAULT 1.5`],
    ],
    ['unconstrained number', makeField(9, 'x', 'number', {}), [`ALTER TABLE ${T} ADD COLUMN "x" numeric`]],
    [
      'boolean',
      makeField(9, 'x', 'boolean', { required: true, default: false }),
      [`ALTER TABLE ${T} ADD COLUMN "x" boolean NOT NULL DEFAULT false`],
    ],
    [
      'date',
      makeField(9, 'x', 'date', { default: 'now', min: '2000-01-01' }),
      [
        `ALTER TABLE ${T} ADD COLUMN "x" date DEFAULT CURRENT_DATE`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_min_chk" CHECK ("x" >= '2000-01-01'::date)`,
      ],
    ],
    [
      'datetime',
      makeField(9, 'x', 'datetime', { default: '2024-05-01T10:00:00Z' }),
      [`ALTER TABLE ${T} ADD COLUMN "x" timestamptz DEFAULT '2024-05-01T10:00:00Z'::timestamptz`],
    ],
    [
      'datetime now',
      makeField(9, 'x', 'datetime', { default: 'now', required: true }),
      [`ALTER TABLE ${T} ADD COLUMN "x" timestamptz NOT NULL DEFAULT now()`],
    ],
    [
      'json',
      makeField(9, 'x', 'json', { default: { a: "it's" }, indexed: true }),
      [
        `ALTER TABLE ${T} ADD COLUMN "x" jsonb DEFAULT '{"a":"it''s"}'::jsonb`,
        `CREATE INDEX "posts_000000000009_idx" ON ${T} USING gin ("x")`,
      ],
    ],
    [
      'email',
      makeField(9, 'x', 'email', { unique: true }),
      [`ALTER TABLE ${T} ADD COLUMN "x" text`, `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_key" UNIQUE ("x")`],
    ],
    [
      'url',
      makeField(9, 'x', 'url', { indexed: true }),
      [`ALTER TABLE ${T} ADD COLUMN "x" text`, `CREATE INDEX "posts_000000000009_idx" ON ${T} USING btree ("x")`],
    ],
    [
      'select',
      makeField(9, 'x', 'select', { values: ['draft', "o'k"], default: 'draft' }),
      [
        `ALTER TABLE ${T} ADD COLUMN "x" text DEFAULT 'draft'`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_values_chk" CHECK ("x" IN ('draft', 'o''k'))`,
      ],
    ],
    [
      'multi_select',
      makeField(9, 'x', 'multi_select', { values: ['a', 'b'], maxSelect: 1, default: ['a'], indexed: true }),
      [
        `ALTER TABLE ${T} ADD COLUMN "x" text[] DEFAULT ARRAY['a']::text[]`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_maxsel_chk" CHECK (cardinality("x") <= 1)`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_values_chk" CHECK ("x" <@ ARRAY['a', 'b']::text[])`,
        `CREATE INDEX "posts_000000000009_idx" ON ${T} USING gin ("x")`,
      ],
    ],
    [
      'secret',
      makeField(9, 'x', 'secret', { required: true, minLength: 8 }),
      [`ALTER TABLE ${T} ADD COLUMN "x" text NOT NULL`],
    ],
  ])('adds a %s field', (_, field, expected) => {
    expect(fieldSql([], [field])).toEqual(expected);
  });

  it('drops a field, flagged destructive', () => {
    const actions = planSchemaChange(
      [users, posts([makeField(1, 'title', 'text', { unique: true })])],
      [users, posts([])],
    );
    expect(actionsToSql(actions)).toEqual([`ALTER TABLE ${T} DROP COLUMN "title"`]);
    expect(actions[0]).toMatchObject({
      destructive: true,
      description: 'drop field "title" on "posts" and its values',
    });
  });

  it('renames a field that keeps its id', () => {
    const actions = planSchemaChange(
      [users, posts([makeField(1, 'titel', 'text', { unique: true })])],
      [users, posts([makeField(1, 'title', 'text', { unique: true })])],
    );
    expect(actionsToSql(actions)).toEqual([`ALTER TABLE ${T} RENAME COLUMN "titel" TO "title"`]);
    expect(actions[0]).toMatchObject({ destructive: false, description: 'rename field "titel" to "title" on "posts"' });
  });

  it('drops and adds when the new field has another id', () => {
    expect(fieldSql([makeField(1, 'titel', 'text', {})], [makeField(2, 'title', 'text', {})])).toEqual([
      `ALTER TABLE ${T} ADD COLUMN "title" text`,
      `ALTER TABLE ${T} DROP COLUMN "titel"`,
    ]);
  });

  it('drops a field first when another field takes its name', () => {
    const before = [makeField(1, 'title', 'text', {}), makeField(2, 'heading', 'text', {})];
    expect(fieldSql(before, [makeField(2, 'title', 'text', {})])).toEqual([
      `ALTER TABLE ${T} DROP COLUMN "title"`,
      `ALTER TABLE ${T} RENAME COLUMN "heading" TO "title"`,
    ]);
  });

  it('swaps two field names through a temporary name', () => {
    const before = [makeField(1, 'a', 'text', {}), makeField(2, 'b', 'text', {})];
    const after = [makeField(1, 'b', 'text', {}), makeField(2, 'a', 'text', {})];
    expect(fieldSql(before, after)).toEqual([
      expect.stringMatching(/^ALTER TABLE "data"."posts" RENAME COLUMN "a" TO "_tmp_[0-9a-f]{16}"$/),
      `ALTER TABLE ${T} RENAME COLUMN "b" TO "a"`,
      expect.stringMatching(/^ALTER TABLE "data"."posts" RENAME COLUMN "_tmp_[0-9a-f]{16}" TO "b"$/),
    ]);
  });

  it.each<[string, FieldDefinition, FieldDefinition, string[]]>([
    [
      'text → integer',
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'integer', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE integer USING "x"::integer`],
    ],
    [
      'integer → number',
      makeField(1, 'x', 'integer', {}),
      makeField(1, 'x', 'number', { precision: 12, scale: 2 }),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE numeric(12,2) USING "x"::numeric(12,2)`],
    ],
    [
      'number → integer (rounds)',
      makeField(1, 'x', 'number', {}),
      makeField(1, 'x', 'integer', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE integer USING round("x")::integer`],
    ],
    [
      'number precision',
      makeField(1, 'x', 'number', { precision: 12, scale: 4 }),
      makeField(1, 'x', 'number', { precision: 8, scale: 2 }),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE numeric(8,2) USING "x"::numeric(8,2)`],
    ],
    [
      'integer → text',
      makeField(1, 'x', 'integer', {}),
      makeField(1, 'x', 'text', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE text USING "x"::text`],
    ],
    ['text → long_text', makeField(1, 'x', 'text', {}), makeField(1, 'x', 'long_text', {}), []],
    ['text → email', makeField(1, 'x', 'text', {}), makeField(1, 'x', 'email', {}), []],
    ['url → text', makeField(1, 'x', 'url', {}), makeField(1, 'x', 'text', {}), []],
    [
      'text → select',
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'select', { values: ['a'] }),
      [`ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_values_chk" CHECK ("x" IN ('a'))`],
    ],
    [
      'date → datetime',
      makeField(1, 'x', 'date', {}),
      makeField(1, 'x', 'datetime', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE timestamptz USING "x"::timestamp AT TIME ZONE 'UTC'`],
    ],
    [
      'datetime → date',
      makeField(1, 'x', 'datetime', {}),
      makeField(1, 'x', 'date', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE date USING ("x" AT TIME ZONE 'UTC')::date`],
    ],
    [
      'date → text',
      makeField(1, 'x', 'date', {}),
      makeField(1, 'x', 'text', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE text USING to_char("x", 'YYYY-MM-DD')`],
    ],
    [
      'text → boolean',
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'boolean', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE boolean USING "x"::boolean`],
    ],
    [
      'integer → boolean',
      makeField(1, 'x', 'integer', {}),
      makeField(1, 'x', 'boolean', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE boolean USING "x" <> 0`],
    ],
    [
      'select → multi_select',
      makeField(1, 'x', 'select', { values: ['a'] }),
      makeField(1, 'x', 'multi_select', { values: ['a'] }),
      [
        `ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_values_chk"`,
        `ALTER TABLE ${T} ALTER COLUMN "x" TYPE text[] USING CASE WHEN "x" IS NULL THEN NULL ELSE ARRAY["x"] END`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_values_chk" CHECK ("x" <@ ARRAY['a']::text[])`,
      ],
    ],
    [
      'multi_select → text',
      makeField(1, 'x', 'multi_select', { values: ['a'] }),
      makeField(1, 'x', 'text', {}),
      [
        `ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_values_chk"`,
        `ALTER TABLE ${T} ALTER COLUMN "x" TYPE text USING array_to_string("x", ', ')`,
      ],
    ],
    [
      'integer → json',
      makeField(1, 'x', 'integer', {}),
      makeField(1, 'x', 'json', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE jsonb USING to_jsonb("x")`],
    ],
    [
      'json → text',
      makeField(1, 'x', 'json', {}),
      makeField(1, 'x', 'text', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" TYPE text USING "x" #>> '{}'`],
    ],
  ])('changes type %s', (_, before, after, expected) => {
    expect(fieldSql([before], [after])).toEqual(expected);
  });

  it('drops the default, checks and index around a type change and restores them after', () => {
    const before = makeField(1, 'x', 'text', { default: '7', maxLength: 3, indexed: true });
    const after = makeField(1, 'x', 'integer', { default: 7, max: 999, indexed: true });
    expect(fieldSql([before], [after])).toEqual([
      `DROP INDEX "data"."posts_000000000001_idx"`,
      `ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_maxlen_chk"`,
      `ALTER TABLE ${T} ALTER COLUMN "x" DROP DEFAULT`,
      `ALTER TABLE ${T} ALTER COLUMN "x" TYPE integer USING "x"::integer`,
      `ALTER TABLE ${T} ALTER COLUMN "x" SET DEFAULT 7`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_max_chk" CHECK ("x" <= 999)`,
      `CREATE INDEX "posts_000000000001_idx" ON ${T} USING btree ("x")`,
    ]);
  });

  it('flags lossy casts as destructive', () => {
    const [action] = planSchemaChange(
      [users, posts([makeField(1, 'x', 'number', {})])],
      [users, posts([makeField(1, 'x', 'integer', {})])],
    );
    expect(action).toMatchObject({
      type: 'alter_column_type',
      destructive: true,
      failsWhen: 'round("x") NOT BETWEEN -2147483648 AND 2147483647',
    });
  });

  it('refuses a type change without a cast', () => {
    expect(() => fieldSql([makeField(1, 'x', 'json', {})], [makeField(1, 'x', 'boolean', {})])).toThrow(
      SchemaPlanError,
    );
    expect(() => fieldSql([makeField(1, 'x', 'text', {})], [makeField(1, 'x', 'secret', {})])).toThrow(
      /cannot change from text to secret/,
    );
  });

  it.each<[string, FieldDefinition, FieldDefinition, string[]]>([
    [
      'set not null',
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'text', { required: true }),
      [
        `ALTER TABLE ${T} ALTER COLUMN "x" SET NOT NULL`,
        // Required text must not be blank either.
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_notblank_chk" CHECK ("x" ~ E'\\\\S')`,
      ],
    ],
    [
      'drop not null',
      makeField(1, 'x', 'text', { required: true }),
      makeField(1, 'x', 'text', {}),
      [
        `ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_notblank_chk"`,
        `ALTER TABLE ${T} ALTER COLUMN "x" DROP NOT NULL`,
      ],
    ],
    [
      'set default',
      makeField(1, 'x', 'integer', {}),
      makeField(1, 'x', 'integer', { default: -3 }),
      [`ALTER TABLE ${T} ALTER COLUMN "x" SET DEFAULT -3`],
    ],
    [
      'change default',
      makeField(1, 'x', 'text', { default: 'a' }),
      makeField(1, 'x', 'text', { default: 'b' }),
      [`ALTER TABLE ${T} ALTER COLUMN "x" SET DEFAULT 'b'`],
    ],
    [
      'drop default',
      makeField(1, 'x', 'boolean', { default: true }),
      makeField(1, 'x', 'boolean', {}),
      [`ALTER TABLE ${T} ALTER COLUMN "x" DROP DEFAULT`],
    ],
    [
      'add check',
      makeField(1, 'x', 'integer', {}),
      makeField(1, 'x', 'integer', { max: 10 }),
      [`ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_max_chk" CHECK ("x" <= 10)`],
    ],
    [
      'drop check',
      makeField(1, 'x', 'integer', { max: 10 }),
      makeField(1, 'x', 'integer', {}),
      [`ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_max_chk"`],
    ],
    [
      'change check',
      makeField(1, 'x', 'integer', { max: 10 }),
      makeField(1, 'x', 'integer', { max: 20 }),
      [
        `ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_max_chk"`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_max_chk" CHECK ("x" <= 20)`,
      ],
    ],
    [
      'add unique',
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'text', { unique: true }),
      [`ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_key" UNIQUE ("x")`],
    ],
    [
      'drop unique',
      makeField(1, 'x', 'text', { unique: true }),
      makeField(1, 'x', 'text', {}),
      [`ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_key"`],
    ],
    [
      'index to unique',
      makeField(1, 'x', 'text', { indexed: true }),
      makeField(1, 'x', 'text', { indexed: true, unique: true }),
      [
        `DROP INDEX "data"."posts_000000000001_idx"`,
        `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000001_key" UNIQUE ("x")`,
      ],
    ],
    [
      'create index',
      makeField(1, 'x', 'date', {}),
      makeField(1, 'x', 'date', { indexed: true }),
      [`CREATE INDEX "posts_000000000001_idx" ON ${T} USING btree ("x")`],
    ],
    [
      'drop index',
      makeField(1, 'x', 'date', { indexed: true }),
      makeField(1, 'x', 'date', {}),
      [`DROP INDEX "data"."posts_000000000001_idx"`],
    ],
    [
      'hidden/readOnly only',
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'text', { hidden: true, readOnly: true }),
      [],
    ],
  ])('%s', (_, before, after, expected) => {
    expect(fieldSql([before], [after])).toEqual(expected);
  });

  it('keeps checks when only the column is renamed', () => {
    const before = makeField(1, 'x', 'text', { maxLength: 5, pattern: '^a' });
    expect(fieldSql([before], [{ ...before, name: 'y' }])).toEqual([`ALTER TABLE ${T} RENAME COLUMN "x" TO "y"`]);
  });
});

describe('planSchemaChange: defaults are rendered as safe literals', () => {
  it.each([
    ["it's", `'it''s'`],
    ["'); DROP TABLE users; --", `'''); DROP TABLE users; --'`],
    ['back\\slash', `E'back\\\\slash'`],
    ["\\'; DROP TABLE users; --", `E'\\\\''; DROP TABLE users; --'`],
  ])('text default %j', (value, literal) => {
    expect(fieldSql([], [makeField(9, 'x', 'text', { default: value })])).toEqual([
      `ALTER TABLE ${T} ADD COLUMN "x" text DEFAULT ${literal}`,
    ]);
  });

  it('renders select values and multi_select defaults through the same renderer', () => {
    const field = makeField(9, 'x', 'multi_select', { values: ["a'b", 'c\\d'], default: ["a'b"] });
    expect(fieldSql([], [field])).toEqual([
      `ALTER TABLE ${T} ADD COLUMN "x" text[] DEFAULT ARRAY['a''b']::text[]`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000009_values_chk" CHECK ("x" <@ ARRAY['a''b', E'c\\\\d']::text[])`,
    ]);
  });
});

describe('planSchemaChange: relations', () => {
  const author = (onDelete: 'restrict' | 'cascade' | 'set_null', required = false) =>
    makeField(3, 'author', 'relation', { kind: 'many_to_one', target: 'users', onDelete, required });

  it.each([
    ['restrict', 'RESTRICT'],
    ['cascade', 'CASCADE'],
    ['set_null', 'SET NULL'],
  ] as const)('adds a many_to_one with ON DELETE %s, indexed', (onDelete, sqlAction) => {
    expect(fieldSql([], [author(onDelete)])).toEqual([
      `ALTER TABLE ${T} ADD COLUMN "author" uuid`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000003_fkey" FOREIGN KEY ("author") REFERENCES "data"."users" ("id") ON DELETE ${sqlAction}`,
      `CREATE INDEX "posts_000000000003_idx" ON ${T} USING btree ("author")`,
    ]);
  });

  it('makes a unique many_to_one one-to-one, with the unique index instead of a plain one', () => {
    const field = makeField(3, 'owner', 'relation', {
      kind: 'many_to_one',
      target: 'users',
      onDelete: 'cascade',
      unique: true,
      required: true,
    });
    expect(fieldSql([], [field])).toEqual([
      `ALTER TABLE ${T} ADD COLUMN "owner" uuid NOT NULL`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000003_fkey" FOREIGN KEY ("owner") REFERENCES "data"."users" ("id") ON DELETE CASCADE`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000003_key" UNIQUE ("owner")`,
    ]);
  });

  it('replaces the foreign key when onDelete changes', () => {
    expect(fieldSql([author('set_null')], [author('cascade')])).toEqual([
      `ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000003_fkey"`,
      `ALTER TABLE ${T} ADD CONSTRAINT "posts_000000000003_fkey" FOREIGN KEY ("author") REFERENCES "data"."users" ("id") ON DELETE CASCADE`,
    ]);
  });

  it('emits no DDL for a one_to_many field', () => {
    const withAuthor = [users, posts([author('cascade')])];
    const reverse = makeField(200, 'posts', 'relation', { kind: 'one_to_many', target: 'posts', via: 'author' });
    expect(sql(withAuthor, [makeUsers([reverse]), posts([author('cascade')])])).toEqual([]);
  });

  it('creates a junction table for many_to_many, named after the field id', () => {
    const tags = makeField(4, 'readers', 'relation', { kind: 'many_to_many', target: 'users' });
    const J = '"data"."_m2m_00000000000040008000000000000004"';
    expect(fieldSql([], [tags])).toEqual([
      `CREATE TABLE ${J} ("source_id" uuid NOT NULL, "target_id" uuid NOT NULL, ` +
        `CONSTRAINT "_m2m_00000000000040008000000000000004_pkey" PRIMARY KEY ("source_id", "target_id"), ` +
        `CONSTRAINT "_m2m_00000000000040008000000000000004_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES ${T} ("id") ON DELETE CASCADE, ` +
        `CONSTRAINT "_m2m_00000000000040008000000000000004_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "data"."users" ("id") ON DELETE CASCADE)`,
      `CREATE INDEX "_m2m_00000000000040008000000000000004_target_id_idx" ON ${J} USING btree ("target_id")`,
    ]);
    expect(fieldSql([tags], [{ ...tags, name: 'audience' }])).toEqual([]);
    const drop = planSchemaChange([users, posts([tags])], [users, posts([])]);
    expect(actionsToSql(drop)).toEqual([`DROP TABLE ${J}`]);
    expect(drop[0]?.destructive).toBe(true);
  });

  it('keeps links when the target collection is renamed', () => {
    const link = makeField(3, 'owner', 'relation', { kind: 'many_to_one', target: 'people', onDelete: 'cascade' });
    const people = makeCollection(2, 'people', []);
    const statements = sql(
      [users, people, posts([link])],
      [
        users,
        { ...people, name: 'persons' },
        posts([{ ...link, options: { ...link.options, target: 'persons' } } as FieldDefinition]),
      ],
    );
    expect(statements).toEqual([
      `ALTER TABLE "data"."people" RENAME TO "persons"`,
      `ALTER TABLE "data"."persons" RENAME CONSTRAINT "people_created_by_fkey" TO "persons_created_by_fkey"`,
      `ALTER TABLE "data"."persons" RENAME CONSTRAINT "people_pkey" TO "persons_pkey"`,
    ]);
  });

  it('drops links between dropped collections before the tables', () => {
    const a = makeCollection(2, 'alpha', [
      makeField(5, 'b', 'relation', { kind: 'many_to_one', target: 'beta', onDelete: 'restrict' }),
    ]);
    const b = makeCollection(3, 'beta', [
      makeField(6, 'a', 'relation', { kind: 'many_to_one', target: 'alpha', onDelete: 'restrict' }),
    ]);
    expect(sql([users, a, b], [users])).toEqual([
      `ALTER TABLE "data"."alpha" DROP CONSTRAINT "alpha_000000000005_fkey"`,
      `ALTER TABLE "data"."beta" DROP CONSTRAINT "beta_000000000006_fkey"`,
      `DROP TABLE "data"."alpha"`,
      `DROP TABLE "data"."beta"`,
    ]);
  });

  it('throws when a relation target does not exist', () => {
    expect(() =>
      sql([], [posts([makeField(3, 'x', 'relation', { kind: 'many_to_one', target: 'nope', onDelete: 'cascade' })])]),
    ).toThrow(/missing collection "nope"/);
  });
});

describe('planSchemaChange: ordering of a mixed change', () => {
  it('follows drop constraints → tables → columns → constraints → indexes → drops', () => {
    const before = [
      users,
      posts([
        makeField(1, 'titel', 'text', { maxLength: 10 }),
        makeField(2, 'qty', 'text', { indexed: true }),
        makeField(3, 'legacy', 'text', {}),
      ]),
      makeCollection(2, 'old_stuff', []),
    ];
    const after = [
      users,
      posts(
        [
          makeField(1, 'title', 'text', { maxLength: 20 }),
          makeField(2, 'qty', 'integer', { indexed: true }),
          makeField(4, 'slug', 'text', { unique: true, required: true, default: 'x' }),
          makeField(5, 'tags', 'relation', { kind: 'many_to_many', target: 'labels' }),
        ],
        'articles',
      ),
      makeCollection(3, 'labels', []),
    ];
    const actions = planSchemaChange(before, after);
    expect(actions.map((a) => a.type)).toEqual([
      'drop_index',
      'drop_check',
      'rename_table',
      'rename_constraint', // created_by fkey
      'rename_constraint', // pkey
      'create_table',
      'create_junction_table',
      'rename_column',
      'add_column',
      'alter_column_type',
      'add_foreign_key', // labels.created_by
      'add_unique',
      'add_check',
      'add_check', // slug is required: not blank
      'create_index', // qty, rebuilt after the type change
      'create_index', // junction reverse index
      'drop_column',
      'drop_table',
    ]);
    expect(actionsToSql(actions)).toEqual([
      `DROP INDEX "data"."posts_000000000002_idx"`,
      `ALTER TABLE ${T} DROP CONSTRAINT "posts_000000000001_maxlen_chk"`,
      `ALTER TABLE ${T} RENAME TO "articles"`,
      `ALTER TABLE "data"."articles" RENAME CONSTRAINT "posts_created_by_fkey" TO "articles_created_by_fkey"`,
      `ALTER TABLE "data"."articles" RENAME CONSTRAINT "posts_pkey" TO "articles_pkey"`,
      `CREATE TABLE "data"."labels" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(), "created_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "labels_pkey" PRIMARY KEY ("id"))`,
      expect.stringMatching(
        /^CREATE TABLE "data"."_m2m_00000000000040008000000000000005" .*REFERENCES "data"."articles" .*REFERENCES "data"."labels" /,
      ),
      `ALTER TABLE "data"."articles" RENAME COLUMN "titel" TO "title"`,
      `ALTER TABLE "data"."articles" ADD COLUMN "slug" text NOT NULL DEFAULT 'x'`,
      `ALTER TABLE "data"."articles" ALTER COLUMN "qty" TYPE integer USING "qty"::integer`,
      `ALTER TABLE "data"."labels" ADD CONSTRAINT "labels_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "data"."users" ("id") ON DELETE SET NULL`,
      `ALTER TABLE "data"."articles" ADD CONSTRAINT "articles_000000000004_key" UNIQUE ("slug")`,
      `ALTER TABLE "data"."articles" ADD CONSTRAINT "articles_000000000001_maxlen_chk" CHECK (char_length("title") <= 20)`,
      `ALTER TABLE "data"."articles" ADD CONSTRAINT "articles_000000000004_notblank_chk" CHECK ("slug" ~ E'\\\\S')`,
      `CREATE INDEX "articles_000000000002_idx" ON "data"."articles" USING btree ("qty")`,
      `CREATE INDEX "_m2m_00000000000040008000000000000005_target_id_idx" ON "data"."_m2m_00000000000040008000000000000005" USING btree ("target_id")`,
      `ALTER TABLE "data"."articles" DROP COLUMN "legacy"`,
      `DROP TABLE "data"."old_stuff"`,
    ]);
    expect(actions.filter((a) => a.destructive).map((a) => a.description)).toEqual([
      'drop field "legacy" on "posts" and its values',
      'drop collection "old_stuff" and all its records',
    ]);
  });
});
