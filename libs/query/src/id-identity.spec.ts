import type { CompileContext } from './compile-context.js';
import { compileFilter } from './compiler.js';
import { ExpressionError } from './expression-error.js';
import { context, reviews, shopSchema, users } from './schema.fixture.js';

const strict = (overrides: Partial<CompileContext> = {}): CompileContext =>
  context({ rejectNeverMatching: true, ...overrides });

function failure(source: string, ctx: CompileContext): ExpressionError {
  try {
    compileFilter(source, ctx);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe('comparisons of ids that can never match', () => {
  it.each<[string, Partial<CompileContext>]>([
    ['author = @request.auth.id', {}],
    ['@request.auth.id = author', {}],
    ['author != @request.auth.id', {}],
    ['reviews.author = @request.auth.id', {}],
    ['categories.curator = @request.auth.id', {}],
    ['author.id = @request.auth.id', {}],
    ['created_at > @now && author = @request.auth.id', {}],
    ['id = @request.auth.id', { collection: users }],
    ['product.author = @request.auth.id', { collection: reviews }],
    ['reviews.product = id', {}],
    ['id = reviews.product', {}],
    ['author = reviews.author', {}],
    ['@request.body.author = @request.auth.id', {}],
    ['@request.body.product = product.id', { collection: reviews }],
    ['author = "0190c3a4-6b1e-7cc2-9a51-3f0e4b2d8c11"', {}],
    ['author in ["0190c3a4-6b1e-7cc2-9a51-3f0e4b2d8c11"]', {}],
    ['title = @request.auth.id', {}],
    ['categories = null', {}],
  ])('accepts %s', (source, overrides) => {
    expect(() => compileFilter(source, strict(overrides))).not.toThrow();
  });

  it.each<[string, Partial<CompileContext>, number, string]>([
    [
      'product = @request.auth.id',
      { collection: reviews },
      0,
      'Type mismatch at character 1: "product" points at "products", not at "users", so it never equals @request.auth.id; did you mean product.author = @request.auth.id?',
    ],
    [
      '@request.auth.id != product',
      { collection: reviews },
      20,
      'Type mismatch at character 21: "product" points at "products", not at "users", so it never equals @request.auth.id; did you mean @request.auth.id != product.author?',
    ],
    [
      'categories ?= @request.auth.id',
      {},
      0,
      'Type mismatch at character 1: "categories" points at "categories", not at "users", so it never equals @request.auth.id; did you mean categories.curator = @request.auth.id?',
    ],
    [
      'id = @request.auth.id',
      {},
      0,
      'Type mismatch at character 1: "id" is an id of "products", not of "users", so it never equals @request.auth.id; did you mean author = @request.auth.id?',
    ],
    [
      'reviews.id = @request.auth.id',
      {},
      0,
      'Type mismatch at character 1: "reviews.id" is an id of "reviews", not of "users", so it never equals @request.auth.id; did you mean reviews.author = @request.auth.id?',
    ],
    [
      'author.org = @request.auth.id',
      {},
      0,
      // orgs has no relation to users: nothing to propose.
      'Type mismatch at character 1: "author.org" points at "orgs", not at "users", so it never equals @request.auth.id.',
    ],
    [
      'rating > 1 && product.reviews.product.reviews = @request.auth.id',
      { collection: reviews },
      14,
      // The fix would follow four relations, more than a path may.
      'Type mismatch at character 15: "product.reviews.product.reviews" points at "reviews", not at "users", so it never equals @request.auth.id.',
    ],
    [
      '@request.body.product = @request.auth.id',
      { collection: reviews },
      0,
      'Type mismatch at character 1: @request.body.product points at "products", not at "users", so it never equals @request.auth.id.',
    ],
    [
      'author = reviews.product',
      {},
      9,
      'Type mismatch at character 10: "author" points at "users" and "reviews.product" points at "products", so they are never equal.',
    ],
    [
      'id = author',
      {},
      5,
      'Type mismatch at character 6: "id" is an id of "products" and "author" points at "users", so they are never equal.',
    ],
  ])('refuses %s', (source, overrides, position, message) => {
    const error = failure(source, strict(overrides));
    expect(error).toMatchObject({ code: 'TYPE_MISMATCH', position, message });
  });

  it('is off unless asked for, so stored rules compile as they always did', () => {
    const ctx = context({ collection: reviews });
    expect(compileFilter('product = @request.auth.id', ctx)).toBe('"t"."product" = $1::uuid');
  });

  it('leaves @request.auth.id unchecked when the schema does not say which collection holds users', () => {
    const schema = { collection: (name: string) => shopSchema.collection(name) };
    expect(() => compileFilter('product = @request.auth.id', strict({ schema, collection: reviews }))).not.toThrow();
  });
});

describe('type checks that already held (kept here so the list is in one place)', () => {
  it.each([
    ['author = 5', 'TYPE_MISMATCH'],
    ['published = "yes"', 'TYPE_MISMATCH'],
    ['qty = true', 'TYPE_MISMATCH'],
    ['author = "not-a-uuid"', 'TYPE_MISMATCH'],
    ['due = 3', 'TYPE_MISMATCH'],
    ['title > @now', 'TYPE_MISMATCH'],
    ['published > true', 'OPERATOR_NOT_ALLOWED'],
    ['author > @request.auth.id', 'OPERATOR_NOT_ALLOWED'],
  ])('%s is %s', (source, code) => {
    expect(failure(source, strict())).toMatchObject({ code });
  });
});
