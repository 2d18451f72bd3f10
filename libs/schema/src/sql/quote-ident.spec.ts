// quoteIdent: the only path for identifiers into SQL, accepting the safe pattern and refusing
// everything else (quotes, spaces, uppercase, over-long names).
import { UnsafeIdentifierError, qualifiedTable, quoteIdent } from './quote-ident.js';

describe('quoteIdent', () => {
  it.each(['posts', 'created_at', '_m2m_0190a1b2c3d4', 'a'.repeat(63)])('double-quotes %s', (name) => {
    expect(quoteIdent(name)).toBe(`"${name}"`);
  });

  it.each([
    'Posts',
    'a"b',
    'x"; DROP TABLE users; --',
    'a b',
    '1abc',
    '',
    'a'.repeat(64),
    'naïve',
    'posts.title',
    'a\u0000b',
  ])('rejects %j', (name) => {
    expect(() => quoteIdent(name)).toThrow(UnsafeIdentifierError);
  });

  it('qualifies tables with the data schema', () => {
    expect(qualifiedTable('posts')).toBe('"data"."posts"');
    expect(() => qualifiedTable('posts"--')).toThrow(UnsafeIdentifierError);
  });
});
