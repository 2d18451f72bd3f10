import { toSExpression } from './ast-format.fixture.js';
import { ExpressionError } from './expression-error.js';
import type { ExpressionLimits } from './limits.js';
import { parseExpression } from './parser.js';

function parsed(source: string, limits?: Partial<ExpressionLimits>): string {
  return toSExpression(parseExpression(source, limits));
}

function failure(source: string, limits?: Partial<ExpressionLimits>): ExpressionError {
  try {
    parseExpression(source, limits);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe('parseExpression', () => {
  describe('precedence and grouping', () => {
    it.each([
      ['a = 1 || b = 2 && c = 3', '(or (= a 1) (and (= b 2) (= c 3)))'],
      ['a = 1 && b = 2 || c = 3', '(or (and (= a 1) (= b 2)) (= c 3))'],
      ['(a = 1 || b = 2) && c = 3', '(and (or (= a 1) (= b 2)) (= c 3))'],
      ['a = 1 && b = 2 && c = 3', '(and (= a 1) (= b 2) (= c 3))'],
      ['a = 1 || b = 2 || c = 3', '(or (= a 1) (= b 2) (= c 3))'],
      ['!a = 1 && b = 2', '(and (! (= a 1)) (= b 2))'],
      ['!(a = 1 || b = 2)', '(! (or (= a 1) (= b 2)))'],
      ['!!a = 1', '(! (! (= a 1)))'],
      ['! (a = 1) || b = 2', '(or (! (= a 1)) (= b 2))'],
      ['((a = 1))', '(= a 1)'],
      [
        'qty > 5 && (title ~ "lamp" || tags ?= "sale") && author.email != null',
        '(and (> qty 5) (or (~ title "lamp") (?= tags "sale")) (!= author.email null))',
      ],
      ['a=1&&b=2||!(c=3)', '(or (and (= a 1) (= b 2)) (! (= c 3)))'],
      ['\n\ta = 1\r\n&&\tb = 2 ', '(and (= a 1) (= b 2))'],
    ])('%s', (source, tree) => {
      expect(parsed(source)).toBe(tree);
    });
  });

  describe('operators', () => {
    it.each([
      ['a = 1', '(= a 1)'],
      ['a != 1', '(!= a 1)'],
      ['a > 1', '(> a 1)'],
      ['a >= 1', '(>= a 1)'],
      ['a < 1', '(< a 1)'],
      ['a <= 1', '(<= a 1)'],
      ['a ~ "x"', '(~ a "x")'],
      ['a !~ "x"', '(!~ a "x")'],
      ['a in [1, 2]', '(in a [1 2])'],
      ['a !in [1, 2]', '(!in a [1 2])'],
      ['a ?= "x"', '(?= a "x")'],
      ['a!=1', '(!= a 1)'],
      ['a<=-1', '(<= a -1)'],
      ['a!in[1]', '(!in a [1])'],
      ['a in[]', '(in a [])'],
      ['!inx = 1', '(! (= inx 1))'],
      ['index = 1', '(= index 1)'],
      ['1 < a', '(< 1 a)'],
    ])('%s', (source, tree) => {
      expect(parsed(source)).toBe(tree);
    });
  });

  describe('literals and escapes', () => {
    it.each([
      ['a = "double"', '(= a "double")'],
      ["a = 'single'", '(= a "single")'],
      ['a = ""', '(= a "")'],
      ['a = "say \\"hi\\""', '(= a "say \\"hi\\"")'],
      ["a = 'it\\'s'", '(= a "it\'s")'],
      ['a = "back\\\\slash"', '(= a "back\\\\slash")'],
      ['a = "\\n\\r\\t"', '(= a "\\n\\r\\t")'],
      ['a = "caf\\u00e9"', '(= a "café")'],
      ['a = "it\'s"', '(= a "it\'s")'],
      ['a = \'a "b"\'', '(= a "a \\"b\\"")'],
      ['a = "&& || ( ) [ ]"', '(= a "&& || ( ) [ ]")'],
      ['a = 0', '(= a 0)'],
      ['a = 42', '(= a 42)'],
      ['a = -7', '(= a -7)'],
      ['a = 3.14', '(= a 3.14)'],
      ['a = -0.5', '(= a -0.5)'],
      ['a = 007', '(= a 007)'],
      ['a = 123456789012345678901234567890.5', '(= a 123456789012345678901234567890.5)'],
      ['a = true', '(= a true)'],
      ['a = false', '(= a false)'],
      ['a = null', '(= a null)'],
      ['a in [1, "b", true, null, -2.5]', '(in a [1 "b" true null -2.5])'],
      ['nullable = truelike', '(= nullable truelike)'],
    ])('%s', (source, tree) => {
      expect(parsed(source)).toBe(tree);
    });
  });

  describe('macros and paths', () => {
    it.each([
      ['owner = @request.auth.id', '(= owner @auth.id)'],
      ['@request.auth.id != null', '(!= @auth.id null)'],
      ['@request.auth.role = "admin"', '(= @auth.role "admin")'],
      ['title = @request.body.title', '(= title @body.title)'],
      ['due < @now', '(< due @now)'],
      ['author.email = "a@b.c"', '(= author.email "a@b.c")'],
      ['a.b.c.d = 1', '(= a.b.c.d 1)'],
      ['_x = a_1', '(= _x a_1)'],
      ['author.name = editor.name', '(= author.name editor.name)'],
    ])('%s', (source, tree) => {
      expect(parsed(source)).toBe(tree);
    });

    it('keeps offsets of every node', () => {
      const node = parseExpression('  !(qty > 5)');
      expect(node).toMatchObject({
        kind: 'not',
        position: 2,
        operand: { kind: 'comparison', position: 4, operatorPosition: 8, right: { kind: 'number', position: 10 } },
      });
    });
  });

  describe('errors', () => {
    it.each([
      ['qty >', 'SYNTAX', 5, 'Unexpected end of input at character 6, expected a value.'],
      [
        '(a = 1',
        'SYNTAX',
        6,
        "Unexpected end of input at character 7, expected &&, || or ')' to close '(' at character 1.",
      ],
      ['a = 1)', 'SYNTAX', 5, "Unexpected ')' at character 6, expected && or || or the end of the expression."],
      ['a === 1', 'SYNTAX', 2, "Unexpected '==' at character 3; use = to compare."],
      ['"unterminated', 'SYNTAX', 0, 'Unterminated string starting at character 1.'],
      ["a = 'open", 'SYNTAX', 4, 'Unterminated string starting at character 5.'],
      ['a = "ends in \\', 'SYNTAX', 4, 'Unterminated string starting at character 5.'],
      [
        '@request.nope',
        'UNKNOWN_MACRO',
        0,
        "Unknown macro '@request.nope' at character 1; valid macros: @request.auth.id, @request.auth.role, @request.auth.aal, @request.body.<field>, @now.",
      ],
      [
        'a = @request.body.x.y',
        'UNKNOWN_MACRO',
        4,
        expect.stringContaining("Unknown macro '@request.body.x.y' at character 5"),
      ],
      ['a = @', 'SYNTAX', 4, "Unexpected '@' at character 5; macros look like @request.auth.id or @now."],
      ['qty > 5 && (a = )', 'SYNTAX', 16, "Unexpected ')' at character 17, expected a value."],
      ['', 'SYNTAX', 0, 'The expression is empty.'],
      ['  ', 'SYNTAX', 0, 'The expression is empty.'],
      [
        'qty',
        'SYNTAX',
        3,
        'Unexpected end of input at character 4, expected an operator (=, !=, >, >=, <, <=, ~, !~, in, !in, ?=).',
      ],
      ['a = 1 b = 2', 'SYNTAX', 6, "Unexpected 'b' at character 7, expected && or || or the end of the expression."],
      ['a = 1 &&', 'SYNTAX', 8, 'Unexpected end of input at character 9, expected a value.'],
      ['|| a = 1', 'SYNTAX', 0, "Unexpected '||' at character 1, expected a value."],
      ['()', 'SYNTAX', 1, "Unexpected ')' at character 2, expected a value."],
      ['a = b = c', 'SYNTAX', 6, "Unexpected '=' at character 7, expected && or || or the end of the expression."],
      ['a & b', 'SYNTAX', 2, `Unexpected '&' at character 3; use && for "and".`],
      ['a | b', 'SYNTAX', 2, `Unexpected '|' at character 3; use || for "or".`],
      ['a = -', 'SYNTAX', 4, "Unexpected '-' at character 5; a negative number is written like -5."],
      ['a = 1e5', 'SYNTAX', 4, "Invalid number '1e5' at character 5; numbers look like 12, -3 or 4.5."],
      ['a = 1.', 'SYNTAX', 4, "Invalid number '1.' at character 5; numbers look like 12, -3 or 4.5."],
      ['a = 1.2.3', 'SYNTAX', 4, "Invalid number '1.2.3' at character 5; numbers look like 12, -3 or 4.5."],
      ['a = "\\q"', 'SYNTAX', 5, expect.stringContaining("Unknown escape '\\q' at character 6")],
      ['a = "\\u12"', 'SYNTAX', 5, 'Invalid escape at character 6; \\u needs four hex digits.'],
      ['a = "\\u0000"', 'SYNTAX', 5, 'Strings cannot contain the NUL character (at character 6).'],
      ['a = "\0"', 'SYNTAX', 5, 'Strings cannot contain the NUL character (at character 6).'],
      ['a # 1', 'SYNTAX', 2, "Unexpected character '#' (U+0023) at character 3."],
      ['a = é', 'SYNTAX', 4, "Unexpected character 'é' (U+00E9) at character 5."],
      ['a =\u00a01', 'SYNTAX', 3, 'Unexpected character U+00A0 at character 4.'],
      [
        'Title = 1',
        'SYNTAX',
        0,
        "Invalid field name 'Title' at character 1; names use lowercase letters, digits and _.",
      ],
      [
        'author.Email = 1',
        'SYNTAX',
        7,
        "Invalid field name 'Email' at character 8; names use lowercase letters, digits and _.",
      ],
      ['a = @request.body.Title', 'SYNTAX', 18, expect.stringContaining("Invalid field name 'Title' at character 19")],
      ['author. = 1', 'SYNTAX', 0, "Incomplete path 'author.' at character 1; a name must follow the dot."],
      ['a in 5', 'SYNTAX', 5, "Unexpected '5' at character 6, expected a list like [1, 2] after in."],
      ['a !in "x"', 'SYNTAX', 6, 'Unexpected \'"x"\' at character 7, expected a list like [1, 2] after !in.'],
      ['a = [1]', 'SYNTAX', 4, 'Unexpected list at character 5; a list can only follow in or !in.'],
      ['[1] in [1]', 'SYNTAX', 0, 'Unexpected list at character 1; a list can only follow in or !in.'],
      ['a in [1,]', 'SYNTAX', 8, expect.stringContaining("Unexpected ']' at character 9, expected a literal value")],
      ['a in [b]', 'SYNTAX', 6, expect.stringContaining("Unexpected 'b' at character 7, expected a literal value")],
      ['a in [[1]]', 'SYNTAX', 6, expect.stringContaining("Unexpected '[' at character 7, expected a literal value")],
      ['a in [1 2]', 'SYNTAX', 8, "Unexpected '2' at character 9, expected ',' or ']'."],
      ['a in [1', 'SYNTAX', 7, "Unexpected end of input at character 8, expected ',' or ']'."],
      ['a.b.c.d.e = 1', 'TOO_DEEP', 0, "Path 'a.b.c.d.e' at character 1 follows 4 relations; at most 3 are allowed."],
    ])('%j', (source, code, position, message) => {
      const error = failure(source);
      expect({ code: error.code, position: error.position, message: error.message }).toEqual({
        code,
        position,
        message,
      });
    });
  });

  describe('limits', () => {
    const nested = (depth: number): string => `${'('.repeat(depth)}a = 1${')'.repeat(depth)}`;
    const terms = (count: number): string => Array.from({ length: count }, (_, i) => `a = ${i}`).join(' && ');
    const list = (count: number): string => `a in [${Array.from({ length: count }, (_, i) => i).join(', ')}]`;

    it('points at the first comparison and item past the cap', () => {
      expect(terms(51).indexOf('a = 50')).toBe(490);
      expect(list(101).indexOf(', 100]') + 2).toBe(396);
    });

    it('accepts everything exactly at the default caps', () => {
      expect(() => parseExpression(nested(16))).not.toThrow();
      expect(() => parseExpression(`${'!'.repeat(16)}a = 1`)).not.toThrow();
      expect(() => parseExpression(terms(50))).not.toThrow();
      expect(() => parseExpression(list(100))).not.toThrow();
      expect(() => parseExpression(`a = "${'x'.repeat(4096 - 6)}"`)).not.toThrow();
    });

    it.each([
      [
        'too long',
        `a = "${'x'.repeat(4091)}"`,
        {},
        'TOO_LONG',
        4096,
        'The expression is 4097 characters long; the maximum is 4096.',
      ],
      ['too deep', nested(17), {}, 'TOO_DEEP', 16, 'Nesting at character 17 is deeper than the maximum of 16.'],
      [
        'too deep with !',
        `${'!'.repeat(17)}a = 1`,
        {},
        'TOO_DEEP',
        16,
        'Nesting at character 17 is deeper than the maximum of 16.',
      ],
      [
        'too many terms',
        terms(51),
        {},
        'TOO_MANY_TERMS',
        490,
        'Too many comparisons: the one at character 491 is past the maximum of 50.',
      ],
      ['too many items', list(101), {}, 'TOO_MANY_ITEMS', 396, 'The list at character 6 has more than 100 items.'],
      [
        'custom length',
        'a = 12345',
        { maxLength: 8 },
        'TOO_LONG',
        8,
        'The expression is 9 characters long; the maximum is 8.',
      ],
      [
        'custom depth',
        '((a = 1))',
        { maxDepth: 1 },
        'TOO_DEEP',
        1,
        'Nesting at character 2 is deeper than the maximum of 1.',
      ],
      [
        'custom terms',
        'a = 1 || b = 2',
        { maxTerms: 1 },
        'TOO_MANY_TERMS',
        9,
        'Too many comparisons: the one at character 10 is past the maximum of 1.',
      ],
      [
        'custom items',
        'a in [1, 2]',
        { maxListItems: 1 },
        'TOO_MANY_ITEMS',
        9,
        'The list at character 6 has more than 1 items.',
      ],
      [
        'custom hops',
        'a.b.c = 1',
        { maxRelationHops: 1 },
        'TOO_DEEP',
        0,
        "Path 'a.b.c' at character 1 follows 2 relations; at most 1 are allowed.",
      ],
    ])('%s', (_name, source, limits, code, position, message) => {
      const error = failure(source, limits);
      expect({ code: error.code, position: error.position, message: error.message }).toEqual({
        code,
        position,
        message,
      });
    });

    it('rejects a nonsensical cap as a programming error', () => {
      expect(() => parseExpression('a = 1', { maxDepth: -1 })).toThrow(RangeError);
    });
  });
});
