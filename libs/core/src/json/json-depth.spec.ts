import { jsonTextExceedsDepth, jsonValueExceedsDepth, JsonTooDeepError, parseJsonWithinDepth } from './json-depth.js';

const arrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('jsonTextExceedsDepth', () => {
  it.each([
    ['a scalar', '"text"', 0],
    ['an empty array', '[]', 1],
    ['an object holding an array', '{"a":[1,2]}', 2],
    ['siblings at the same depth', '[[1],[2],{"a":[3]}]', 3],
    ['brackets inside strings', '{"a":"[[[{{{"}', 1],
    ['escaped quotes inside strings', '{"a":"\\"[[[","b":"\\\\"}', 1],
    ['a backslash run before the closing quote', '["\\\\\\\\",[1]]', 2],
  ])('measures %s', (_what, text, depth) => {
    expect(jsonTextExceedsDepth(text, depth)).toBe(false);
    if (depth > 0) expect(jsonTextExceedsDepth(text, depth - 1)).toBe(true);
  });

  it('answers at any depth without recursion', () => {
    expect(jsonTextExceedsDepth(arrays(1_000_000), 64)).toBe(true);
    expect(jsonTextExceedsDepth(objects(100_000), 64)).toBe(true);
    expect(jsonTextExceedsDepth(arrays(64), 64)).toBe(false);
  });

  it('skips a long string in one step and ends on an unterminated one', () => {
    expect(jsonTextExceedsDepth(`["${'x'.repeat(1_000_000)}"]`, 1)).toBe(false);
    expect(jsonTextExceedsDepth('["never closed [[[', 1)).toBe(false);
  });
});

describe('jsonValueExceedsDepth', () => {
  it('measures parsed values the way the text is measured', () => {
    for (const text of ['1', '[]', '{"a":[1,{"b":null}]}', arrays(64), objects(65)]) {
      const value: unknown = JSON.parse(text);
      for (const limit of [0, 1, 2, 3, 64, 65]) {
        expect([text.slice(0, 20), limit, jsonValueExceedsDepth(value, limit)]).toEqual([
          text.slice(0, 20),
          limit,
          jsonTextExceedsDepth(text, limit),
        ]);
      }
    }
  });

  it('walks a 100,000-deep value without overflowing the stack', () => {
    expect(jsonValueExceedsDepth(JSON.parse(arrays(100_000)), 64)).toBe(true);
  });
});

describe('parseJsonWithinDepth', () => {
  it('parses within the cap, refuses past it, and leaves syntax errors to JSON.parse', () => {
    expect(parseJsonWithinDepth('{"a":[1]}', 2)).toEqual({ a: [1] });
    expect(() => parseJsonWithinDepth(arrays(3), 2)).toThrow(JsonTooDeepError);
    expect(() => parseJsonWithinDepth('{"a":', 2)).toThrow(SyntaxError);
  });
});
