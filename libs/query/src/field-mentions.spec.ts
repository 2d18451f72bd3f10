import fc from 'fast-check';
import { expressions, withoutPositions } from './ast-arbitraries.fixture.js';
import type { Expression } from './ast.js';
import type { CompileContext } from './compile-context.js';
import { compileExpression } from './compiler.js';
import { fieldMentions, renameFields, type FieldMention } from './field-mentions.js';
import { formatExpression } from './format.js';
import { parseExpression } from './parser.js';
import type { QueryCollection, QuerySchema } from './query-schema.js';
import { context, shopSchema, USER_ID } from './schema.fixture.js';

describe('fieldMentions', () => {
  it('lists paths and body fields in source order, not macros or literals', () => {
    const tree = parseExpression(
      'qty > 1 && (author.org.name = "x" || !(@request.body.title = title)) && @request.auth.id = @now && x in [1]',
    );
    expect(fieldMentions(tree).map((mention) => [mention.kind, mention.path.join('.'), mention.position])).toEqual([
      ['path', 'qty', 0],
      ['path', 'author.org.name', 12],
      ['body', 'title', 39],
      ['path', 'title', 61],
      ['path', 'x', 99],
    ]);
  });
});

describe('renameFields', () => {
  const upper = (mention: FieldMention): readonly string[] => mention.path.map((name) => `${name}_v2`);

  it('renames every segment the callback changes and keeps the rest of the tree', () => {
    const tree = parseExpression('a.b = 1 && !(@request.body.c != d) || e in [1, 2] && @now > f');
    const renamed = renameFields(tree, upper);
    expect(formatExpression(renamed)).toBe(
      'a_v2.b_v2 = 1 && !@request.body.c_v2 != d_v2 || e_v2 in [1, 2] && @now > f_v2',
    );
    // The input is left as it was.
    expect(formatExpression(tree)).toBe('a.b = 1 && !@request.body.c != d || e in [1, 2] && @now > f');
  });

  it('returns the same tree when nothing changes', () => {
    const tree = parseExpression('a = 1 && (b = 2 || !c = 3)');
    expect(renameFields(tree, (mention) => mention.path)).toBe(tree);
  });

  it('refuses a rename that changes the length of a path', () => {
    const tree = parseExpression('a.b = 1');
    expect(() => renameFields(tree, () => ['a'])).toThrow(RangeError);
  });

  it('property: parse(format(rename(tree))) is rename(tree)', () => {
    fc.assert(
      fc.property(expressions, fc.func(fc.constantFrom('x', 'renamed', 'a_1', 'qty')), (tree, pick) => {
        const renamed = renameFields(tree, (mention) => mention.path.map((name) => pick(name)));
        const printed = formatExpression(renamed);
        expect(withoutPositions(parseExpression(printed, { maxDepth: 64, maxTerms: 500 }))).toEqual(
          withoutPositions(renamed),
        );
      }),
      { numRuns: 500 },
    );
  });
});

// ---- Meaning: a rewritten expression compiles, against the renamed schema, to the same SQL. ----

type Renames = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The fixture schema with fields renamed per collection; columns, and so the SQL, stay the same. */
function renamedSchema(renames: Renames): QuerySchema {
  const cache = new Map<string, QueryCollection>();
  return {
    usersCollection: shopSchema.usersCollection,
    collection(name) {
      const original = shopSchema.collection(name);
      if (original === undefined) return undefined;
      let renamed = cache.get(name);
      if (renamed === undefined) {
        const map = renames.get(name);
        const fields = [...original.fields.values()].map((field) => ({
          ...field,
          name: map?.get(field.name) ?? field.name,
        }));
        renamed = { ...original, fields: new Map(fields.map((field) => [field.name, field])) };
        cache.set(name, renamed);
      }
      return renamed;
    },
  };
}

/** What a schema change does to an expression: each segment resolved in the old schema, renamed. */
function follow(renames: Renames, root: string) {
  return (mention: FieldMention): readonly string[] => {
    let collection = shopSchema.collection(root);
    return mention.path.map((name) => {
      const field = collection?.fields.get(name);
      const renamed = (collection && renames.get(collection.name)?.get(name)) ?? name;
      collection = field?.relation ? shopSchema.collection(field.relation.target) : undefined;
      return renamed;
    });
  };
}

const VALID = [
  'title ~ "a"',
  'qty > 5',
  'price >= qty',
  'published = true',
  'due < @now',
  'tags ?= "sale"',
  'meta = 5',
  'author = @request.auth.id',
  'author.name = "x"',
  'author.org.country.name != "x"',
  'author.org = null',
  'reviews.rating >= 3',
  'reviews.author.email ~ "x"',
  'reviews.product.title = title',
  'categories.name in ["a", "b"]',
  'categories.curator != null',
  '@request.body.qty > qty',
  '@request.body.title = "x"',
  'id != null',
];

const validTrees = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.constantFrom(...VALID),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((items) => items.map((item) => `(${item})`).join(' && ')),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((items) => items.map((item) => `(${item})`).join(' || ')),
    tie('node').map((item) => `!(${item})`),
  ),
})).node;

const FIELDS: Record<string, string[]> = {
  products: ['title', 'price', 'qty', 'published', 'due', 'tags', 'meta', 'author', 'reviews', 'categories'],
  users: ['email', 'name', 'role', 'org'],
  orgs: ['name', 'country'],
  countries: ['name', 'region'],
  reviews: ['body', 'rating', 'product', 'author'],
  categories: ['name', 'curator'],
};

/** Per collection, each field renamed to another field's name (a permutation, so swaps) or a new name. */
const renamesArb: fc.Arbitrary<Renames> = fc
  .tuple(
    ...Object.entries(FIELDS).map(([collection, fields]) =>
      fc
        .tuple(fc.shuffledSubarray(fields, { minLength: fields.length }), fc.boolean())
        .map(
          ([order, fresh]) =>
            [
              collection,
              new Map(fields.map((name, i) => [name, fresh ? `${order[i]}_new` : (order[i] as string)])),
            ] as const,
        ),
    ),
  )
  .map((entries) => new Map(entries));

function sql(tree: Expression, schema: QuerySchema, body: Record<string, unknown>): { sql: string; params: unknown[] } {
  const collection = schema.collection('products') as QueryCollection;
  const ctx: CompileContext = context({ schema, collection, request: { auth: { id: USER_ID, role: 'x' }, body } });
  return { sql: compileExpression(tree, ctx), params: ctx.params };
}

describe('property: renaming preserves meaning', () => {
  it('the rewritten expression over the renamed schema compiles to the same SQL and parameters', () => {
    fc.assert(
      fc.property(validTrees, renamesArb, (source, renames) => {
        const tree = parseExpression(source, { maxDepth: 64, maxTerms: 500 });
        const rewritten = renameFields(tree, follow(renames, 'products'));
        const reparsed = parseExpression(formatExpression(rewritten), { maxDepth: 64, maxTerms: 500 });
        const productRenames = renames.get('products');
        const body = { qty: 3, title: 'lamp' };
        const renamedBody = Object.fromEntries(
          Object.entries(body).map(([key, value]) => [productRenames?.get(key) ?? key, value]),
        );
        expect(sql(reparsed, renamedSchema(renames), renamedBody)).toEqual(sql(tree, shopSchema, body));
      }),
      { numRuns: 400 },
    );
  });
});
