import fc from 'fast-check';
import { expressions, withoutPositions } from './ast-arbitraries.fixture.js';
import type { Expression } from './ast.js';
import { toSExpression } from './ast-format.fixture.js';
import { formatExpression } from './format.js';
import { parseExpression } from './parser.js';

const LIMITS = { maxDepth: 64, maxTerms: 500, maxRelationHops: 3 };

describe('formatExpression', () => {
  it.each([
    ['a = 1 || b = 2 && c = 3', 'a = 1 || b = 2 && c = 3'],
    ['(a = 1 || b = 2) && c = 3', '(a = 1 || b = 2) && c = 3'],
    ['(a = 1 && b = 2) && c = 3', '(a = 1 && b = 2) && c = 3'],
    ['a = 1 && (b = 2 && c = 3)', 'a = 1 && (b = 2 && c = 3)'],
    ['(a = 1 || b = 2) || c = 3', '(a = 1 || b = 2) || c = 3'],
    ['((a = 1))', 'a = 1'],
    ['!(a = 1)', '!a = 1'],
    ['!!a=1', '!!a = 1'],
    ['!(a = 1 || b = 2)', '!(a = 1 || b = 2)'],
    ['!a = 1 && !(b = 2 && c = 3)', '!a = 1 && !(b = 2 && c = 3)'],
    ['x!in[1,"a",null,true]', 'x !in [1, "a", null, true]'],
    ['x in []', 'x in []'],
    ["t = 'it\\'s \"q\" \\\\ \\n\\t\\r'", 't = "it\'s \\"q\\" \\\\ \\n\\t\\r"'],
    ['t = "\\u0001\\u2028é"', 't = "\\u0001\\u2028é"'],
    ['qty = -007.50', 'qty = -007.50'],
    ['author.org.name ~ "a"', 'author.org.name ~ "a"'],
    [
      '@request.auth.id = owner && @request.auth.role != "x" && @now > d && @request.body.qty > 1',
      '@request.auth.id = owner && @request.auth.role != "x" && @now > d && @request.body.qty > 1',
    ],
    ['in_stock = true && inx != false && nullable = null', 'in_stock = true && inx != false && nullable = null'],
  ])('%s → %s', (source, printed) => {
    const tree = parseExpression(source);
    expect(formatExpression(tree)).toBe(printed);
    expect(toSExpression(parseExpression(printed))).toBe(toSExpression(tree));
  });

  it('refuses a name the lexer would read as something else', () => {
    const tree = parseExpression('a = 1');
    const bad = (name: string): Expression =>
      ({ ...tree, left: { kind: 'field', path: [name], position: 0 } }) as Expression;
    for (const name of ['in', 'true', 'null', 'Bad', 'a-b', ''])
      expect(() => formatExpression(bad(name))).toThrow(RangeError);
  });

  it('property: parse(format(tree)) is the tree', () => {
    fc.assert(
      fc.property(expressions, (tree) => {
        const printed = formatExpression(tree);
        expect(withoutPositions(parseExpression(printed, LIMITS))).toEqual(withoutPositions(tree));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: printing is a fixed point of parsing what was printed', () => {
    fc.assert(
      fc.property(expressions, (tree) => {
        const printed = formatExpression(tree);
        expect(formatExpression(parseExpression(printed, LIMITS))).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });
});
