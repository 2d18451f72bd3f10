// The DDL literal renderer against quote injection: fixed cases, then a property that no input
// can close the literal early and that every input reads back unchanged.
import fc from 'fast-check';
import { UnsafeLiteralError, numericLiteral, quoteLiteral, textArrayLiteral } from './quote-literal.js';

/** What PostgreSQL reads back from our literal (E'' strings: backslash escapes only `\\` here). */
function parse(literal: string): string {
  const escaped = literal.startsWith("E'");
  const body = literal.slice(escaped ? 2 : 1, -1);
  const unquoted = body.replaceAll("''", "'");
  return escaped ? unquoted.replaceAll('\\\\', '\\') : unquoted;
}

describe('quoteLiteral', () => {
  it.each([
    ['plain', `'plain'`],
    ["it's", `'it''s'`],
    ["'); DROP TABLE users; --", `'''); DROP TABLE users; --'`],
    ["'' OR ''='", `''''' OR ''''='''`],
    ['a\\b', `E'a\\\\b'`],
    ["\\'); DROP TABLE users; --", `E'\\\\''); DROP TABLE users; --'`],
    ['', `''`],
    ['ünïcode 😀', `'ünïcode 😀'`],
  ])('renders %j', (value, expected) => {
    expect(quoteLiteral(value)).toBe(expected);
  });

  it('rejects NUL, which PostgreSQL text cannot hold', () => {
    expect(() => quoteLiteral('a\u0000b')).toThrow(UnsafeLiteralError);
  });

  it('never lets a quote end the literal early, and reads back as the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '\\', '"', 'a', ';', '-', ' ', 'E') }), (value) => {
        const literal = quoteLiteral(value);
        const body = literal.slice(literal.startsWith("E'") ? 2 : 1, -1);
        // Inside the body every quote is doubled, so no single quote can close the string.
        expect(body.replaceAll("''", '')).not.toContain("'");
        expect(parse(literal)).toBe(value);
      }),
    );
  });
});

describe('numericLiteral and textArrayLiteral', () => {
  it('renders finite numbers and refuses others', () => {
    expect(numericLiteral(-1.25)).toBe('-1.25');
    expect(numericLiteral(1e21)).toBe('1e+21');
    expect(() => numericLiteral(Number.NaN)).toThrow(UnsafeLiteralError);
    expect(() => numericLiteral(Infinity)).toThrow(UnsafeLiteralError);
  });

  it('renders arrays element by element', () => {
    expect(textArrayLiteral([])).toBe("'{}'::text[]");
    expect(textArrayLiteral(["a'b", 'c'])).toBe("ARRAY['a''b', 'c']::text[]");
  });
});
