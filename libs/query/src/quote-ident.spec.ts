import { dataTable, quoteIdent } from './quote-ident.js';

describe('quoteIdent', () => {
  it.each(['title', '_x', 'a1_b2', 'x'.repeat(63)])('quotes %j', (name) => {
    expect(quoteIdent(name)).toBe(`"${name}"`);
  });

  it.each(['', 'Title', '1a', 'a-b', 'a b', 'a"b', 'a.b', 'x'.repeat(64), 'é', 't; DROP TABLE x'])(
    'rejects %j',
    (name) => {
      expect(() => quoteIdent(name)).toThrow(/unsafe SQL identifier/);
    },
  );

  it('rejects a value that is not a string at all', () => {
    expect(() => quoteIdent(undefined as unknown as string)).toThrow(/unsafe SQL identifier/);
  });

  it('qualifies tables with the data schema', () => {
    expect(dataTable('products')).toBe('"data"."products"');
  });
});
