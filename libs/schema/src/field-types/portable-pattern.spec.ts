// Field patterns must mean the same to ajv (JavaScript) and to the CHECK (PostgreSQL ARE):
// the common subset is accepted, constructs the two read differently are refused.
import { portablePatternProblem } from './portable-pattern.js';

describe('portablePatternProblem', () => {
  it.each(['^[a-z]+$', '^\\d{3}-\\d{4}$', '^(?:ab|cd)*$', 'a(?=b)', '(?<=a)b', '\\w+@\\w+', '^[^<>]*$'])(
    'accepts %s',
    (pattern) => {
      expect(portablePatternProblem(pattern)).toBeNull();
    },
  );

  it.each([
    ['(', /not a valid regular expression/],
    ['\\bword\\b', /word boundary/],
    ['(?<year>\\d{4})', /named groups/],
    ['\\p{L}+', /Unicode property/],
    ['\\u{1F600}', /\\u\{/],
    ['(a)\\k<a>', /named back-references|not a valid/],
    ['a\\0', /NUL/],
  ])('refuses %s', (pattern, message) => {
    expect(portablePatternProblem(pattern)).toMatch(message);
  });
});
