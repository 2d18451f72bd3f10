import type { Expression } from './ast.js';
import type { CompileContext } from './compile-context.js';
import { compileExpression, compileFilter } from './compiler.js';
import { ExpressionError } from './expression-error.js';
import type { QueryCollection } from './query-schema.js';
import { context, NOW, products, shopSchema, USER_ID } from './schema.fixture.js';

const UUID = '0190c3a4-6b1e-7cc2-9a51-3f0e4b2d8c99';
const AUTHOR = 'EXISTS (SELECT 1 FROM "data"."users" "r1" WHERE "r1"."id" = "t"."author" AND';
const REVIEWS = 'EXISTS (SELECT 1 FROM "data"."reviews" "r1" WHERE "r1"."product" = "t"."id" AND';
const JUNCTION = '"data"."products_categories" "r1"';

function compiled(source: string, overrides: Partial<CompileContext> = {}): { sql: string; params: unknown[] } {
  const ctx = context(overrides);
  return { sql: compileFilter(source, ctx), params: ctx.params };
}

function failure(source: string, overrides: Partial<CompileContext> = {}): ExpressionError {
  try {
    compileFilter(source, context(overrides));
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe('compileFilter', () => {
  describe.each<[string, [string, string, unknown[]][]]>([
    [
      'text',
      [
        ['title = "lamp"', '"t"."title" = $1::text', ['lamp']],
        ['title >= "m"', '"t"."title" >= $1::text', ['m']],
        ['title ~ "Lamp"', `"t"."title" ILIKE $1::text ESCAPE '\\'`, ['%Lamp%']],
        ['title ~ "50%_off\\\\"', `"t"."title" ILIKE $1::text ESCAPE '\\'`, ['%50\\%\\_off\\\\%']],
        ['title !~ "x"', `("t"."title" ILIKE $1::text ESCAPE '\\') IS NOT TRUE`, ['%x%']],
        ['title in ["a", "b"]', '"t"."title" = ANY($1::text[])', [['a', 'b']]],
        ['title != "a"', '("t"."title" = $1::text) IS NOT TRUE', ['a']],
        ['sku = "A-1"', '"t"."sku_code" = $1::text', ['A-1']],
      ],
    ],
    [
      'integer',
      [
        ['qty > 5', '"t"."qty" > $1::bigint', [5]],
        ['qty = -3', '"t"."qty" = $1::bigint', [-3]],
        ['qty = 007', '"t"."qty" = $1::bigint', [7]],
        ['5 < qty', '$1::bigint < "t"."qty"', [5]],
        ['qty in [1, 2]', '"t"."qty" = ANY($1::bigint[])', [[1, 2]]],
        ['qty !in [1]', '("t"."qty" = ANY($1::bigint[])) IS NOT TRUE', [[1]]],
      ],
    ],
    [
      'numeric',
      [
        ['price <= 19.99', '"t"."price" <= $1::numeric', ['19.99']],
        ['price = 5', '"t"."price" = $1::numeric', ['5']],
        [
          'price > 0.1000000000000000055511151231257827',
          '"t"."price" > $1::numeric',
          ['0.1000000000000000055511151231257827'],
        ],
      ],
    ],
    [
      'boolean',
      [
        ['published = true', '"t"."published" = $1::boolean', [true]],
        ['published != false', '("t"."published" = $1::boolean) IS NOT TRUE', [false]],
      ],
    ],
    [
      'date',
      [
        ['due = "2024-02-29"', '"t"."due" = $1::date', ['2024-02-29']],
        ['due < @now', '"t"."due" < $1::date', ['2024-05-31']],
        ['due in ["2024-01-01"]', '"t"."due" = ANY($1::date[])', [['2024-01-01']]],
      ],
    ],
    [
      'timestamptz',
      [
        ['created_at >= "2024-01-01"', '"t"."created_at" >= $1::timestamptz', ['2024-01-01T00:00:00Z']],
        [
          'created_at < "2024-01-01T10:00:00+02:00"',
          '"t"."created_at" < $1::timestamptz',
          ['2024-01-01T10:00:00+02:00'],
        ],
        ['created_at < "2024-01-01 10:00"', '"t"."created_at" < $1::timestamptz', ['2024-01-01T10:00:00Z']],
        ['created_at <= @now', '"t"."created_at" <= $1::timestamptz', [NOW.toISOString()]],
      ],
    ],
    [
      'jsonb',
      [
        ['meta = "x"', '"t"."meta" = $1::jsonb', ['"x"']],
        ['meta = 007', '"t"."meta" = $1::jsonb', ['7']],
        ['meta != true', '("t"."meta" = $1::jsonb) IS NOT TRUE', ['true']],
        ['meta ?= "sale"', '"t"."meta" @> jsonb_build_array($1::jsonb)', ['"sale"']],
        ['meta in ["a", 1]', '"t"."meta" = ANY($1::jsonb[])', [['"a"', '1']]],
      ],
    ],
    [
      'text_array',
      [
        ['tags ?= "sale"', '$1::text = ANY("t"."tags")', ['sale']],
        ['tags ?= title', '"t"."title" = ANY("t"."tags")', []],
        ['tags = null', '"t"."tags" IS NULL', []],
      ],
    ],
    [
      'uuid',
      [
        [`id = "${UUID}"`, '"t"."id" = $1::uuid', [UUID]],
        [`id !in ["${UUID}"]`, '("t"."id" = ANY($1::uuid[])) IS NOT TRUE', [[UUID]]],
      ],
    ],
  ])('%s storage', (_storage, cases) => {
    it.each(cases)('%s', (source, sql, params) => {
      expect(compiled(source)).toEqual({ sql, params });
    });
  });

  describe('null, logic, fields and macros', () => {
    it.each<[string, string, unknown[]]>([
      ['title = null', '"t"."title" IS NULL', []],
      ['title != null', '"t"."title" IS NOT NULL', []],
      ['null = title', '"t"."title" IS NULL', []],
      [
        'qty > 5 && (title ~ "lamp" || tags ?= "sale") && author.email != null',
        `("t"."qty" > $1::bigint AND ("t"."title" ILIKE $2::text ESCAPE '\\' OR $3::text = ANY("t"."tags")) AND ${AUTHOR} "r1"."email" IS NOT NULL))`,
        [5, '%lamp%', 'sale'],
      ],
      ['qty = 1 || qty = 2', '("t"."qty" = $1::bigint OR "t"."qty" = $2::bigint)', [1, 2]],
      ['!qty = 1', '("t"."qty" = $1::bigint) IS NOT TRUE', [1]],
      ['!(qty > 5 && price < 2.5)', '("t"."qty" > $1::bigint AND "t"."price" < $2::numeric) IS NOT TRUE', [5, '2.5']],
      ['!!(qty > 5)', '(("t"."qty" > $1::bigint) IS NOT TRUE) IS NOT TRUE', [5]],
      ['updated_at > created_at', '"t"."updated_at" > "t"."created_at"', []],
      ['price >= qty', '"t"."price" >= "t"."qty"', []],
      ['due < created_at', '"t"."due" < "t"."created_at"', []],
      ['author = @request.auth.id', '"t"."author" = $1::uuid', [USER_ID]],
      ['@request.auth.id = author', '$1::uuid = "t"."author"', [USER_ID]],
      ['@request.auth.id != null', '$1::text IS NOT NULL', [USER_ID]],
      ['@request.auth.role = "admin"', '$1::text = $2::text', ['editor', 'admin']],
      ['"admin" = @request.auth.role', '$1::text = $2::text', ['admin', 'editor']],
      ['@request.auth.role in ["admin", "editor"]', '$1::text = ANY($2::text[])', ['editor', ['admin', 'editor']]],
      ['@request.auth.role ~ "EDIT"', `$1::text ILIKE $2::text ESCAPE '\\'`, ['editor', '%EDIT%']],
      ['@now > "2024-01-01"', '$1::timestamptz > $2::timestamptz', [NOW.toISOString(), '2024-01-01T00:00:00Z']],
      ['1 < 2', '$1::numeric < $2::numeric', ['1', '2']],
      ['"a" = null', '$1::text IS NULL', ['a']],
    ])('%s', (source, sql, params) => {
      expect(compiled(source)).toEqual({ sql, params });
    });

    it('treats an anonymous @request.auth.id as a null parameter, never as IS NULL', () => {
      const anonymous = { request: { auth: null } };
      expect(compiled('@request.auth.id != null', anonymous)).toEqual({ sql: '$1::text IS NOT NULL', params: [null] });
      // "owner is the caller" must match nothing for an anonymous caller, not every ownerless row.
      expect(compiled('author = @request.auth.id', anonymous)).toEqual({
        sql: '"t"."author" = $1::uuid',
        params: [null],
      });
      expect(compiled('@request.auth.role = "admin"', anonymous)).toEqual({
        sql: '$1::text = $2::text',
        params: [null, 'admin'],
      });
    });
  });

  describe('request body', () => {
    const body = { title: 'Lamp', qty: 3, price: 2.5, tags: ['a'], meta: { deep: [1] } };

    it.each<[string, string, unknown[]]>([
      ['title = @request.body.title', '"t"."title" = $1::text', ['Lamp']],
      ['@request.body.qty > 2', '$1::bigint > $2::bigint', [3, 2]],
      // The body value keeps its own field's type: a decimal price against an integer column.
      ['qty < @request.body.price', '"t"."qty" < $1::numeric', [2.5]],
      ['@request.body.due = null', '$1::date IS NULL', [null]],
      ['@request.body.tags != null', '$1::text[] IS NOT NULL', [['a']]],
      ['meta = @request.body.meta', '"t"."meta" = $1::jsonb', ['{"deep":[1]}']],
      ['@request.body.title ~ "am"', `$1::text ILIKE $2::text ESCAPE '\\'`, ['Lamp', '%am%']],
    ])('%s', (source, sql, params) => {
      expect(compiled(source, { request: { auth: null, body } })).toEqual({ sql, params });
    });

    it.each<[string, Record<string, unknown>, string, number, unknown]>([
      [
        '@request.body.qty > 1',
        { qty: 'many' },
        'TYPE_MISMATCH',
        0,
        'Type mismatch at character 1: @request.body.qty is "many", but a whole number is needed here.',
      ],
      [
        'title = @request.body.title',
        { title: 5 },
        'TYPE_MISMATCH',
        8,
        'Type mismatch at character 9: @request.body.title is 5, but text is needed here.',
      ],
      [
        'title = @request.body.title',
        { title: 'a\0b' },
        'TYPE_MISMATCH',
        8,
        'Type mismatch at character 9: @request.body.title is a string with a NUL character, but text is needed here.',
      ],
      [
        'author = @request.body.author',
        { author: 'nope' },
        'TYPE_MISMATCH',
        9,
        'Type mismatch at character 10: @request.body.author is "nope", but a UUID is needed here.',
      ],
      [
        'meta = @request.body.meta',
        { meta: { n: 1n } },
        'TYPE_MISMATCH',
        7,
        'Type mismatch at character 8: @request.body.meta is an object, but a string, number or boolean is needed here.',
      ],
      [
        '@request.body.nope = 1',
        {},
        'UNKNOWN_FIELD',
        14,
        expect.stringContaining('Unknown field "nope" at character 15; valid fields: id,'),
      ],
      [
        'qty = @request.body.title',
        {},
        'TYPE_MISMATCH',
        6,
        'Type mismatch at character 7: "qty" (integer) expects a whole number, got @request.body.title.',
      ],
    ])('%s with %j', (source, requestBody, code, position, message) => {
      const error = failure(source, { request: { auth: null, body: requestBody } });
      expect({ code: error.code, position: error.position, message: error.message }).toEqual({
        code,
        position,
        message,
      });
    });

    it('reads only own properties of the body', () => {
      const inherited: Record<string, unknown> = Object.create({ title: 'inherited' }) as Record<string, unknown>;
      expect(compiled('@request.body.title = null', { request: { auth: null, body: inherited } }).params).toEqual([
        null,
      ]);
    });
  });

  describe('relations', () => {
    it.each<[string, string, unknown[]]>([
      [`author = "${UUID}"`, '"t"."author" = $1::uuid', [UUID]],
      ['author.email = "a@b.c"', `${AUTHOR} "r1"."email" = $1::text)`, ['a@b.c']],
      ['author.email != "a@b.c"', `NOT ${AUTHOR} "r1"."email" = $1::text)`, ['a@b.c']],
      ['author.email ~ "@b"', `${AUTHOR} "r1"."email" ILIKE $1::text ESCAPE '\\')`, ['%@b%']],
      ['author.email in ["x"]', `${AUTHOR} "r1"."email" = ANY($1::text[]))`, [['x']]],
      ['author.name = title', `${AUTHOR} "r1"."name" = "t"."title")`, []],
      [
        'author.org.country.name = "NL"',
        'EXISTS (SELECT 1 FROM "data"."users" "r1" JOIN "data"."orgs" "r2" ON "r2"."id" = "r1"."org" ' +
          'JOIN "data"."countries" "r3" ON "r3"."id" = "r2"."country" WHERE "r1"."id" = "t"."author" AND "r3"."name" = $1::text)',
        ['NL'],
      ],
      ['reviews.rating >= 4', `${REVIEWS} "r1"."rating" >= $1::bigint)`, [4]],
      [
        'reviews.author.email = "a@b.c"',
        'EXISTS (SELECT 1 FROM "data"."reviews" "r1" JOIN "data"."users" "r2" ON "r2"."id" = "r1"."author" ' +
          'WHERE "r1"."product" = "t"."id" AND "r2"."email" = $1::text)',
        ['a@b.c'],
      ],
      [
        'categories.name = "lamps"',
        `EXISTS (SELECT 1 FROM ${JUNCTION} JOIN "data"."categories" "r2" ON "r2"."id" = "r1"."category_id" ` +
          'WHERE "r1"."product_id" = "t"."id" AND "r2"."name" = $1::text)',
        ['lamps'],
      ],
      [
        `categories = "${UUID}"`,
        `EXISTS (SELECT 1 FROM ${JUNCTION} WHERE "r1"."product_id" = "t"."id" AND "r1"."category_id" = $1::uuid)`,
        [UUID],
      ],
      [
        `categories ?= "${UUID}"`,
        `EXISTS (SELECT 1 FROM ${JUNCTION} WHERE "r1"."product_id" = "t"."id" AND "r1"."category_id" = $1::uuid)`,
        [UUID],
      ],
      [`reviews in ["${UUID}"]`, `${REVIEWS} "r1"."id" = ANY($1::uuid[]))`, [[UUID]]],
      [`reviews != "${UUID}"`, `NOT ${REVIEWS} "r1"."id" = $1::uuid)`, [UUID]],
      [
        'author.name = "a" && reviews.rating > 3',
        `(${AUTHOR} "r1"."name" = $1::text) AND EXISTS (SELECT 1 FROM "data"."reviews" "r2" WHERE "r2"."product" = "t"."id" AND "r2"."rating" > $2::bigint))`,
        ['a', 3],
      ],
      [
        'author.name != reviews.body',
        `NOT ${AUTHOR} EXISTS (SELECT 1 FROM "data"."reviews" "r2" WHERE "r2"."product" = "t"."id" AND "r1"."name" = "r2"."body"))`,
        [],
      ],
    ])('%s', (source, sql, params) => {
      expect(compiled(source)).toEqual({ sql, params });
    });

    // Chosen semantics: `path = null` is "no related record has a value", so it also holds
    // when there is no related record at all; `path != null` is its exact negation.
    it.each<[string, string]>([
      ['author.email = null', `NOT ${AUTHOR} "r1"."email" IS NOT NULL)`],
      ['author.email != null', `${AUTHOR} "r1"."email" IS NOT NULL)`],
      ['reviews = null', `NOT ${REVIEWS} "r1"."id" IS NOT NULL)`],
      ['reviews.body != null', `${REVIEWS} "r1"."body" IS NOT NULL)`],
      ['author = null', '"t"."author" IS NULL'],
    ])('%s is true when no related record has a value', (source, sql) => {
      expect(compiled(source)).toEqual({ sql, params: [] });
    });
  });

  describe('errors', () => {
    const productFields =
      'id, created_at, updated_at, title, price, qty, published, due, tags, meta, sku, author, reviews, categories';

    it.each<[string, string, number, unknown]>([
      ['titel = 1', 'UNKNOWN_FIELD', 0, `Unknown field "titel" at character 1; valid fields: ${productFields}.`],
      [
        'author.emial = "x"',
        'UNKNOWN_FIELD',
        7,
        'Unknown field "emial" at character 8 on "users"; valid fields: id, created_at, updated_at, email, name, role, org.',
      ],
      ['secret = "x"', 'NOT_FILTERABLE', 0, 'Field "secret" at character 1 cannot be used in filters.'],
      ['author.password = "x"', 'NOT_FILTERABLE', 7, 'Field "password" at character 8 cannot be used in filters.'],
      [
        'title.x = 1',
        'NOT_A_RELATION',
        0,
        '"title" at character 1 is not a relation, so "title.x" cannot be followed.',
      ],
      [
        'price ~ "a"',
        'OPERATOR_NOT_ALLOWED',
        6,
        'Operator "~" is not allowed on "price" (number); allowed: =, !=, >, >=, <, <=, in, !in.',
      ],
      ['sku ~ "a"', 'OPERATOR_NOT_ALLOWED', 4, 'Operator "~" is not allowed on "sku" (text); allowed: =, !=.'],
      [
        `id > "${UUID}"`,
        'OPERATOR_NOT_ALLOWED',
        3,
        'Operator ">" is not allowed on "id" (uuid); allowed: =, !=, in, !in.',
      ],
      [
        'published > true',
        'OPERATOR_NOT_ALLOWED',
        10,
        'Operator ">" is not allowed on "published" (boolean); allowed: =, !=.',
      ],
      [
        'tags ~ "x"',
        'OPERATOR_NOT_ALLOWED',
        5,
        'Operator "~" is not allowed on "tags" (text list); allowed: =, !=, ?=.',
      ],
      [
        'author.email ?= "x"',
        'OPERATOR_NOT_ALLOWED',
        13,
        expect.stringContaining('Operator "?=" is not allowed on "author.email" (text)'),
      ],
      [
        'reviews > "x"',
        'OPERATOR_NOT_ALLOWED',
        8,
        'Operator ">" is not allowed on "reviews" (uuid); allowed: =, !=, in, !in, ?=.',
      ],
      ['true > false', 'OPERATOR_NOT_ALLOWED', 5, 'Operator ">" is not allowed on true (boolean); allowed: =, !=.'],
      [
        'qty = "5"',
        'TYPE_MISMATCH',
        6,
        'Type mismatch at character 7: "qty" (integer) expects a whole number, got "5".',
      ],
      [
        'qty = 1.5',
        'TYPE_MISMATCH',
        6,
        'Type mismatch at character 7: "qty" (integer) expects a whole number, got 1.5.',
      ],
      ['qty = 99999999999999999999', 'TYPE_MISMATCH', 6, expect.stringContaining('expects a whole number')],
      ['title = 5', 'TYPE_MISMATCH', 8, 'Type mismatch at character 9: "title" (text) expects text, got 5.'],
      [
        'published = "true"',
        'TYPE_MISMATCH',
        12,
        'Type mismatch at character 13: "published" (boolean) expects true or false, got "true".',
      ],
      [
        'published = 1',
        'TYPE_MISMATCH',
        12,
        'Type mismatch at character 13: "published" (boolean) expects true or false, got 1.',
      ],
      [
        'author = "not-a-uuid"',
        'TYPE_MISMATCH',
        9,
        'Type mismatch at character 10: "author" (uuid) expects a UUID, got "not-a-uuid".',
      ],
      [
        'due = "2024-02-30"',
        'TYPE_MISMATCH',
        6,
        'Type mismatch at character 7: "due" (date) expects a date like "2024-05-31", got "2024-02-30".',
      ],
      ['due = "2024-01-01T00:00:00Z"', 'TYPE_MISMATCH', 6, expect.stringContaining('"due" (date) expects a date like')],
      [
        'created_at > "yesterday"',
        'TYPE_MISMATCH',
        13,
        'Type mismatch at character 14: "created_at" (datetime) expects a date-time like "2024-05-31T12:00:00Z", got "yesterday".',
      ],
      ['created_at > 5', 'TYPE_MISMATCH', 13, expect.stringContaining('"created_at" (datetime) expects a date-time')],
      ['due < @request.auth.id', 'TYPE_MISMATCH', 6, expect.stringContaining('got @request.auth.id')],
      ['title = @now', 'TYPE_MISMATCH', 8, 'Type mismatch at character 9: "title" (text) expects text, got @now.'],
      ['qty = @request.auth.role', 'TYPE_MISMATCH', 6, expect.stringContaining('got @request.auth.role')],
      [
        '@now > 5',
        'TYPE_MISMATCH',
        7,
        'Type mismatch at character 8: @now (datetime) expects a date-time like "2024-05-31T12:00:00Z", got 5.',
      ],
      [
        'price = title',
        'TYPE_MISMATCH',
        8,
        'Type mismatch at character 9: "price" (number) cannot be compared with "title" (text).',
      ],
      [
        'author.name = qty',
        'TYPE_MISMATCH',
        14,
        'Type mismatch at character 15: "author.name" (text) cannot be compared with "qty" (integer).',
      ],
      [
        'tags = "x"',
        'TYPE_MISMATCH',
        0,
        'Type mismatch at character 1: "tags" (text list) can only be compared with null using = or !=; use ?= to look for an item.',
      ],
      [
        'tags ?= 5',
        'TYPE_MISMATCH',
        8,
        'Type mismatch at character 9: an item of "tags" (text list) expects text, got 5.',
      ],
      ['qty > null', 'TYPE_MISMATCH', 6, 'Type mismatch at character 7: null can only be compared with = or !=.'],
      ['title ~ null', 'TYPE_MISMATCH', 8, 'Type mismatch at character 9: null can only be compared with = or !=.'],
      ['null = null', 'TYPE_MISMATCH', 7, 'Type mismatch at character 8: compare null with a field or a value.'],
      [
        'qty in [1, null]',
        'TYPE_MISMATCH',
        11,
        'Type mismatch at character 12: a list cannot hold null; use = null or != null.',
      ],
      [
        'qty in [1, "a"]',
        'TYPE_MISMATCH',
        11,
        'Type mismatch at character 12: "qty" (integer) expects a whole number, got "a".',
      ],
      [
        'title ~ title',
        'TYPE_MISMATCH',
        8,
        'Type mismatch at character 9: the text to look for after ~ must be a value, not a field.',
      ],
      ['title ~ 5', 'TYPE_MISMATCH', 8, 'Type mismatch at character 9: "title" (text) expects text, got 5.'],
      [
        '"x" ?= tags',
        'TYPE_MISMATCH',
        0,
        'Type mismatch at character 1: ?= needs a list field on its left, as in tags ?= "sale".',
      ],
      ['true in [true]', 'OPERATOR_NOT_ALLOWED', 8, 'Operator "in" is not allowed on true (boolean); allowed: =, !=.'],
    ])('%s', (source, code, position, message) => {
      const error = failure(source);
      expect({ code: error.code, position: error.position, message: error.message }).toEqual({
        code,
        position,
        message,
      });
    });
  });

  describe('context', () => {
    it('numbers parameters after the ones already in ctx.params', () => {
      const ctx = context({ params: ['earlier', 2] });
      expect(compileFilter('qty > 5 && title = "a"', ctx)).toBe('("t"."qty" > $3::bigint AND "t"."title" = $4::text)');
      expect(ctx.params).toEqual(['earlier', 2, 5, 'a']);
    });

    it('uses the given alias and never hands it out again for a relation', () => {
      expect(compiled('qty = 1', { alias: 'p' }).sql).toBe('"p"."qty" = $1::bigint');
      expect(compiled('author.name = "a"', { alias: 'r1' }).sql).toBe(
        'EXISTS (SELECT 1 FROM "data"."users" "r2" WHERE "r2"."id" = "r1"."author" AND "r2"."name" = $1::text)',
      );
    });

    it('leaves ctx.params untouched when compiling fails', () => {
      const ctx = context({ params: ['kept'] });
      expect(() => compileFilter('qty > 1 && title = "a" && qty = "x"', ctx)).toThrow(ExpressionError);
      expect(ctx.params).toEqual(['kept']);
    });

    it('rejects an unsafe alias as a programming error, not an expression error', () => {
      expect(() => compileFilter('qty = 1', context({ alias: 't; DROP TABLE x' }))).toThrow(/unsafe SQL identifier/);
      expect(() => compileFilter('qty = 1', context({ alias: 't; DROP TABLE x' }))).not.toThrow(ExpressionError);
    });

    it('rejects a metadata column that is not a safe identifier', () => {
      const fields = new Map(products.fields);
      const title = products.fields.get('title');
      if (title === undefined) throw new Error('fixture lost its title field');
      fields.set('title', { ...title, column: 'title"; --' });
      const broken: QueryCollection = { ...products, fields };
      expect(() => compileFilter('title = "a"', context({ collection: broken }))).toThrow(/unsafe SQL identifier/);
    });

    it('reports a relation whose target collection is missing', () => {
      const schema = { collection: (name: string) => (name === 'users' ? undefined : shopSchema.collection(name)) };
      const error = failure('author.email = "x"', { schema });
      expect([error.code, error.position, error.message]).toEqual([
        'UNKNOWN_FIELD',
        0,
        'Relation "author" at character 1 points at collection "users", which does not exist.',
      ]);
    });

    it('compiles hand-built trees, including empty groups', () => {
      const empty: Expression = { kind: 'and', operands: [], position: 0 };
      const none: Expression = { kind: 'or', operands: [], position: 0 };
      expect(compileExpression(empty, context())).toBe('TRUE');
      expect(compileExpression(none, context())).toBe('FALSE');
    });

    it('keeps the library limits configurable per call', () => {
      expect(() => compileFilter('a = 1 && b = 2', context(), { maxTerms: 1 })).toThrow(
        expect.objectContaining({ code: 'TOO_MANY_TERMS' }),
      );
    });
  });
});
