import fc from 'fast-check';
import type { CompileContext } from './compile-context.js';
import { compileFilter } from './compiler.js';
import { ExpressionError } from './expression-error.js';
import { context, USER_ID } from './schema.fixture.js';
import { containsPattern } from './value-binding.js';

/** Runs compileFilter and reports anything thrown that is not an ExpressionError. */
function compilesOrRejects(source: string, ctx: CompileContext): void {
  try {
    const sql = compileFilter(source, ctx);
    expect(typeof sql).toBe('string');
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
}

const requests = fc.record({
  auth: fc.option(fc.record({ id: fc.oneof(fc.constant(USER_ID), fc.string()), role: fc.string() }), { nil: null }),
  body: fc.option(
    fc.dictionary(
      fc.constantFrom('title', 'qty', 'price', 'due', 'created_at', 'author', 'meta', 'tags', 'published'),
      fc.anything({
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withBoxedValues: true,
      }),
    ),
    { nil: undefined },
  ),
});

const TOKENS = [
  // fields, paths (up to and past the hop cap), unknown and invalid names
  'qty',
  'title',
  'price',
  'tags',
  'meta',
  'published',
  'due',
  'created_at',
  'id',
  'sku',
  'secret',
  'titel',
  'Title',
  'author',
  'author.email',
  'author.password',
  'author.org.country.name',
  'author.org.country.region.name',
  'reviews',
  'reviews.rating',
  'reviews.author.org.name',
  'reviews.product.author.email',
  'categories',
  'categories.name',
  'title.x',
  'a.b.c.d.e',
  'x.',
  // macros
  '@request.auth.id',
  '@request.auth.role',
  '@request.body.title',
  '@request.body.qty',
  '@request.body.meta',
  '@request.body.tags',
  '@request.body.nope',
  '@now',
  '@request.nope',
  '@',
  // literals, good and bad
  '"lamp"',
  "'it\\'s'",
  '"50%_off\\\\"',
  '"\\u0000"',
  '"\\q"',
  '"unterminated',
  '5',
  '-3',
  '1.5',
  '007',
  '1e5',
  '-',
  '99999999999999999999',
  'true',
  'false',
  'null',
  '"2024-01-01"',
  '"2024-02-30"',
  `"${USER_ID}"`,
  '""',
  // operators and punctuation, good and bad
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  '~',
  '!~',
  'in',
  '!in',
  '?=',
  '==',
  '===',
  '&',
  '|',
  '&&',
  '||',
  '!',
  '(',
  ')',
  '[',
  ']',
  ',',
  '#',
  'é',
  '\0',
  '\\',
];

const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '', '\n')), { maxLength: 60 })
  .map((parts) => parts.map(([token, gap]) => token + gap).join(''));

const nested = fc
  .tuple(fc.nat({ max: 24 }), fc.constantFrom('(', '!', '!('), tokenSoup)
  .map(([depth, opener, inner]) => `${opener.repeat(depth)}${inner}${')'.repeat(depth)}`);

/** Operands that lex and parse; whether they type-check is left to chance. */
const OPERAND_TOKENS = TOKENS.slice(0, TOKENS.indexOf('=')).filter(
  (token) => !['x.', 'Title', '@', '"\\q"', '"\\u0000"', '"unterminated', '-', '1e5', 'a.b.c.d.e'].includes(token),
);
const OPERATOR_TOKENS = ['=', '!=', '>', '>=', '<', '<=', '~', '!~', 'in', '!in', '?='];
const LITERAL_TOKENS = ['"lamp"', '5', '-3', '1.5', 'true', 'null', '"2024-01-01"', `"${USER_ID}"`];

/** Comparisons shaped like the grammar (lists after in / !in), with any operand next to any operator. */
const shapedComparison = fc
  .tuple(
    fc.constantFrom(...OPERAND_TOKENS),
    fc.constantFrom(...OPERATOR_TOKENS),
    fc.constantFrom(...OPERAND_TOKENS),
    fc.array(fc.constantFrom(...LITERAL_TOKENS), { maxLength: 4 }),
    fc.constantFrom('', '!', '!('),
  )
  .map(([left, operator, right, items, prefix]) => {
    const value = operator === 'in' || operator === '!in' ? `[${items.join(', ')}]` : right;
    return `${prefix}${left} ${operator} ${value}${prefix === '!(' ? ')' : ''}`;
  });

const shaped = fc
  .array(fc.tuple(shapedComparison, fc.constantFrom(' && ', ' || '), fc.boolean()), { minLength: 1, maxLength: 6 })
  .map((parts) =>
    parts
      .map(([comparison, joiner, grouped], i) => {
        const term = grouped ? `(${comparison})` : comparison;
        return i === parts.length - 1 ? term : term + joiner;
      })
      .join(''),
  );

/** A shaped expression with one random edit: a character dropped or a token inserted. */
const mutated = fc.tuple(shaped, fc.nat(), fc.constantFrom('', ...TOKENS)).map(([source, at, insert]) => {
  const cut = at % (source.length + 1);
  return insert === ''
    ? source.slice(0, cut) + source.slice(cut + 1)
    : `${source.slice(0, cut)}${insert}${source.slice(cut)}`;
});

describe('property: only ExpressionError escapes', () => {
  it.each([
    ['ascii strings', fc.string({ maxLength: 200 })],
    ['any code points', fc.string({ unit: 'binary', maxLength: 200 })],
    ['token soup', tokenSoup],
    ['deeply nested token soup', nested],
    ['grammar-shaped expressions', shaped],
    ['mutated grammar-shaped expressions', mutated],
  ])('%s', (_name, sources) => {
    fc.assert(
      fc.property(sources, requests, (source, request) => {
        compilesOrRejects(source, context({ request }));
      }),
      { numRuns: 1500 },
    );
  });

  it('holds for inputs over the length cap', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4097, maxLength: 5000 }), (source) => {
        compilesOrRejects(source, context());
      }),
      { numRuns: 20 },
    );
  });
});

// ---- Valid expressions with random values: values must travel only as parameters. ----

type Slot = 'string' | 'integer' | 'decimal';

interface Template {
  readonly left: string;
  readonly operator: string;
  readonly slots: readonly Slot[];
  /** Render the slots as a list literal (`in` / `!in`). */
  readonly list: boolean;
}

type Skeleton =
  | { readonly kind: 'comparison'; readonly template: Template }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Skeleton[] }
  | { readonly kind: 'not'; readonly item: Skeleton };

function templatesFor(fields: readonly string[], operators: readonly string[], slot: Slot): Template[] {
  return fields.flatMap((left) => [
    ...operators.map((operator) => ({ left, operator, slots: [slot], list: false })),
    { left, operator: 'in', slots: [slot, slot], list: true },
    { left, operator: '!in', slots: [slot], list: true },
  ]);
}

const TEXT_FIELDS = [
  'title',
  'author.name',
  'author.org.country.name',
  'reviews.body',
  'reviews.author.email',
  'categories.name',
  '@request.auth.role',
];
const TEMPLATES: Template[] = [
  ...templatesFor(TEXT_FIELDS, ['=', '!=', '>', '>=', '<', '<=', '~', '!~'], 'string'),
  ...templatesFor(['qty', 'reviews.rating'], ['=', '!=', '>', '>=', '<', '<='], 'integer'),
  ...templatesFor(['price'], ['=', '!=', '>', '<='], 'decimal'),
  { left: 'tags', operator: '?=', slots: ['string'], list: false },
  { left: 'meta', operator: '?=', slots: ['string'], list: false },
  { left: 'meta', operator: '=', slots: ['decimal'], list: false },
];

const skeletons = fc.letrec<{ expression: Skeleton; and: Skeleton; or: Skeleton; not: Skeleton }>((tie) => ({
  expression: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.constantFrom(...TEMPLATES).map((template): Skeleton => ({ kind: 'comparison', template })),
    tie('and'),
    tie('or'),
    tie('not'),
  ),
  and: fc.array(tie('expression'), { minLength: 2, maxLength: 3 }).map((items): Skeleton => ({ kind: 'and', items })),
  or: fc.array(tie('expression'), { minLength: 2, maxLength: 3 }).map((items): Skeleton => ({ kind: 'or', items })),
  not: tie('expression').map((item): Skeleton => ({ kind: 'not', item })),
})).expression;

function slotsOf(skeleton: Skeleton): Slot[] {
  switch (skeleton.kind) {
    case 'comparison':
      return [...skeleton.template.slots];
    case 'and':
    case 'or':
      return skeleton.items.flatMap(slotsOf);
    case 'not':
      return slotsOf(skeleton.item);
  }
}

interface Value {
  readonly slot: Slot;
  /** The string's content, or the number as written. */
  readonly text: string;
  readonly quote: '"' | "'";
}

const TRICKY = ["'; DROP TABLE products; --", '%', '_', '\\', '$1', '"t"."title"', ') OR TRUE --', 'null', '1 = 1'];
const stringContent = fc
  .oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...TRICKY))
  .filter((text) => !text.includes('\0'));

function valueFor(slot: Slot): fc.Arbitrary<Value> {
  const quote = fc.constantFrom<'"' | "'">('"', "'");
  switch (slot) {
    case 'string':
      return fc.tuple(stringContent, quote).map(([text, q]) => ({ slot, text, quote: q }));
    case 'integer':
      return fc
        .integer({ min: -2_000_000_000, max: 2_000_000_000 })
        .map((n) => ({ slot, text: String(n), quote: '"' }));
    case 'decimal':
      return fc
        .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.nat({ max: 999_999 }))
        .map(([whole, fraction]) => ({ slot, text: `${whole}.${fraction}`, quote: '"' }));
  }
}

function renderValue(value: Value): string {
  if (value.slot !== 'string') return value.text;
  const escaped = value.text.replace(/\\/g, '\\\\').replaceAll(value.quote, `\\${value.quote}`);
  return `${value.quote}${escaped}${value.quote}`;
}

function render(skeleton: Skeleton, values: Value[]): string {
  switch (skeleton.kind) {
    case 'comparison': {
      const { left, operator, slots, list } = skeleton.template;
      const rendered = slots.map(() => renderValue(values.shift() as Value));
      return `${left} ${operator} ${list ? `[${rendered.join(', ')}]` : rendered.join('')}`;
    }
    case 'and':
    case 'or':
      return skeleton.items.map((item) => `(${render(item, values)})`).join(skeleton.kind === 'and' ? ' && ' : ' || ');
    case 'not':
      return `!(${render(skeleton.item, values)})`;
  }
}

const cases = skeletons.chain((skeleton) => {
  const slots = slotsOf(skeleton);
  const values = fc.tuple(...slots.map(valueFor));
  return fc.tuple(fc.constant(skeleton), values, values);
});

function compileWith(skeleton: Skeleton, values: Value[]): { sql: string; params: unknown[] } {
  const ctx = context();
  const sql = compileFilter(render(skeleton, [...values]), ctx, { maxDepth: 64, maxTerms: 500 });
  return { sql, params: ctx.params.flatMap((param) => (Array.isArray(param) ? param : [param])) };
}

function appearsIn(params: unknown[], value: Value): boolean {
  if (value.slot === 'string') {
    return params.some(
      (p) => p === value.text || p === containsPattern(value.text) || p === JSON.stringify(value.text),
    );
  }
  return params.some((p) => p === value.text || p === Number(value.text));
}

/** What is left of the SQL once identifiers, placeholders and fixed keywords are removed. */
function residue(sql: string): string {
  return sql
    .replace(/"[a-z_][a-z0-9_]*"/g, '')
    .replace(/\$\d+::[a-z]+(\[\])?/g, '')
    .replaceAll('SELECT 1 ', '')
    .replaceAll("ESCAPE '\\'", '');
}

describe('property: values never enter SQL text', () => {
  it('keeps every literal out of the SQL and in the parameters', () => {
    fc.assert(
      fc.property(cases, ([skeleton, first, second]) => {
        const a = compileWith(skeleton, first);
        const b = compileWith(skeleton, second);
        // Same shape, different values: the SQL text must not change at all.
        expect(b.sql).toBe(a.sql);
        // No digits or quotes remain once identifiers and placeholders are removed.
        expect(residue(a.sql)).toMatch(/^[A-Za-z_ ().,=<>@[\]]*$/);
        for (const value of first) expect(appearsIn(a.params, value)).toBe(true);
        for (const value of second) expect(appearsIn(b.params, value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
