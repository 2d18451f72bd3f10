// `filter` writes values as literals the expression language reads back unchanged, so user
// input cannot alter a filter (checked against the server's own parser), and refuses values
// that have no literal.
import fc from 'fast-check';
import { parseExpression, type ComparisonExpression } from '@stagecraft/query';
import { filter } from './filter.js';

const rightOf = (source: string) => (parseExpression(source) as ComparisonExpression).right;

describe('filter', () => {
  it.each<[string, object]>([
    ['plain', { kind: 'string', value: 'plain' }],
    ['"quoted" \\ back', { kind: 'string', value: '"quoted" \\ back' }],
    ['") || true || ("', { kind: 'string', value: '") || true || ("' }],
    ['\b\f\n\t\u0001\u2028', { kind: 'string', value: '\b\f\n\t\u0001\u2028' }],
  ])('quotes %j as one string', (value, expected) => {
    expect(rightOf(filter`title = ${value}`)).toMatchObject(expected);
  });

  it('writes numbers, booleans, null, dates and lists', () => {
    const when = new Date('2024-01-02T03:04:05.000Z');
    expect(filter`a = ${1.5} && b = ${true} && c = ${null} && d > ${when} && e in ${['x', 2]}`).toBe(
      'a = 1.5 && b = true && c = null && d > "2024-01-02T03:04:05.000Z" && e in ["x", 2]',
    );
  });

  it('refuses numbers without a literal', () => {
    expect(() => filter`a = ${Number.NaN}`).toThrow(TypeError);
  });

  // NUL excepted: the language refuses it (PostgreSQL cannot hold it), and so would the server.
  it('reads back any string unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((value) => !value.includes('\u0000')),
        (value) => {
          expect(rightOf(filter`title = ${value}`)).toMatchObject({ kind: 'string', value });
        },
      ),
    );
  });
});
