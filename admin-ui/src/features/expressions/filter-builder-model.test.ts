import { parseExpression } from '@stagecraft/query/parser';
import { describe, expect, it } from 'vitest';
import { resolvePath } from './expression-fields';
import { scope } from './expression-fixture';
import { builderOperators, readFilter, writeFilter, type BuilderRow } from './filter-builder-model';

function write(rows: BuilderRow[], join: 'and' | 'or' = 'and'): string {
  const written = writeFilter({ join, rows }, scope);
  if (!written.ok) throw new Error(`not written: ${JSON.stringify(written.errors)}`);
  return written.text;
}

describe('writeFilter then readFilter', () => {
  // One row per field type and operator the builder offers, with the text it must write.
  const cases: [BuilderRow, string][] = [
    [{ path: 'title', operator: '=', input: 'Hello' }, 'title = "Hello"'],
    [{ path: 'title', operator: '!=', input: '' }, 'title != ""'],
    [{ path: 'title', operator: '~', input: 'say "hi"\\ now\n' }, 'title ~ "say \\"hi\\"\\\\ now\\n"'],
    [{ path: 'body', operator: '!~', input: 'draft' }, 'body !~ "draft"'],
    [{ path: 'title', operator: 'in', input: ['a', 'b, c'] }, 'title in ["a", "b, c"]'],
    [{ path: 'title', operator: '!in', input: ['x'] }, 'title !in ["x"]'],
    [{ path: 'site', operator: '~', input: 'https://' }, 'site ~ "https://"'],
    [{ path: 'views', operator: '>', input: '5' }, 'views > 5'],
    [{ path: 'views', operator: '>=', input: '-3' }, 'views >= -3'],
    [{ path: 'views', operator: 'in', input: ['1', '2'] }, 'views in [1, 2]'],
    [{ path: 'rating', operator: '<', input: '4.5' }, 'rating < 4.5'],
    [{ path: 'rating', operator: '<=', input: '10' }, 'rating <= 10'],
    [{ path: 'published', operator: '=', input: 'true' }, 'published = true'],
    [{ path: 'published', operator: '!=', input: 'false' }, 'published != false'],
    [{ path: 'day', operator: '>=', input: '2024-05-31' }, 'day >= "2024-05-31"'],
    [{ path: 'at', operator: '<', input: '@now' }, 'at < @now'],
    [{ path: 'at', operator: '>', input: '2024-05-31T12:00:00Z' }, 'at > "2024-05-31T12:00:00Z"'],
    [{ path: 'created_at', operator: '>', input: '2024-01-01T00:00:00Z' }, 'created_at > "2024-01-01T00:00:00Z"'],
    [{ path: 'meta', operator: '?=', input: 'x' }, 'meta ?= "x"'],
    [{ path: 'meta', operator: '=', input: '3' }, 'meta = 3'],
    [{ path: 'meta', operator: '!=', input: 'true' }, 'meta != true'],
    [{ path: 'status', operator: '=', input: 'live' }, 'status = "live"'],
    [{ path: 'status', operator: 'in', input: ['draft', 'live'] }, 'status in ["draft", "live"]'],
    [{ path: 'tags', operator: '?=', input: 'sale' }, 'tags ?= "sale"'],
    [
      { path: 'author', operator: '=', input: '0190a4c4-0000-7000-8000-000000000001' },
      'author = "0190a4c4-0000-7000-8000-000000000001"',
    ],
    [{ path: 'owner', operator: '=', input: '@request.auth.id' }, 'owner = @request.auth.id'],
    [{ path: 'created_by', operator: '!=', input: '@request.auth.id' }, 'created_by != @request.auth.id'],
    [{ path: 'id', operator: '!in', input: ['a1'] }, 'id !in ["a1"]'],
    [{ path: 'version', operator: '>', input: '1' }, 'version > 1'],
    [{ path: 'cover', operator: '=', input: 'a.png' }, 'cover = "a.png"'],
    [{ path: 'author.name', operator: '~', input: 'ada' }, 'author.name ~ "ada"'],
    [{ path: 'author.account.email', operator: '=', input: 'a@b.co' }, 'author.account.email = "a@b.co"'],
    [{ path: 'author.posts', operator: '?=', input: 'p1' }, 'author.posts ?= "p1"'],
    [{ path: 'title', operator: 'empty', input: '' }, 'title = null'],
    [{ path: 'tags', operator: 'not_empty', input: '' }, 'tags != null'],
  ];

  it.each(cases)('%j writes %s, which parses and reads back as the same row', (row, text) => {
    expect(write([row])).toBe(text);
    expect(() => parseExpression(text)).not.toThrow();
    expect(readFilter(text, scope)).toEqual({ ok: true, filter: { join: 'and', rows: [row] } });
  });

  it('joins rows with && or ||, and reads the join back', () => {
    const rows: BuilderRow[] = [
      { path: 'title', operator: '~', input: 'draft' },
      { path: 'published', operator: '=', input: 'true' },
    ];
    expect(write(rows)).toBe('title ~ "draft" && published = true');
    expect(write(rows, 'or')).toBe('title ~ "draft" || published = true');
    expect(readFilter('title ~ "draft" || published = true', scope)).toEqual({
      ok: true,
      filter: { join: 'or', rows },
    });
  });

  it('writes no rows as an empty filter, and reads an empty text as no rows', () => {
    expect(write([])).toBe('');
    expect(readFilter('  ', scope)).toEqual({ ok: true, filter: { join: 'and', rows: [] } });
  });

  it('reads text written by hand, whatever its spacing and quotes', () => {
    expect(readFilter("title~'a'&&views>=2", scope)).toEqual({
      ok: true,
      filter: {
        join: 'and',
        rows: [
          { path: 'title', operator: '~', input: 'a' },
          { path: 'views', operator: '>=', input: '2' },
        ],
      },
    });
  });
});

describe('writeFilter refuses incomplete rows, naming each', () => {
  it.each<[BuilderRow, string]>([
    [{ path: '', operator: '=', input: 'x' }, 'Choose a field'],
    [{ path: 'nope', operator: '=', input: 'x' }, 'Unknown field "nope"'],
    [{ path: 'views', operator: '=', input: '4.5' }, 'Enter a whole number'],
    [{ path: 'rating', operator: '=', input: 'ten' }, 'Enter a number like 4.5'],
    [{ path: 'published', operator: '=', input: '' }, 'Choose true or false'],
    [{ path: 'day', operator: '=', input: '31/05/2024' }, 'Enter a date like 2024-05-31'],
    [{ path: 'at', operator: '=', input: 'soon' }, 'Enter a date-time like 2024-05-31T12:00:00Z'],
    [{ path: 'author', operator: '=', input: ' ' }, 'Enter a record id'],
    [{ path: 'title', operator: 'in', input: [] }, 'Add at least one value'],
    [{ path: 'published', operator: '~', input: 'x' }, '"published" cannot use ~'],
    [{ path: 'tags', operator: '=', input: 'sale' }, '"tags" cannot use ='],
    [{ path: 'author', operator: '=', input: '@now' }, 'Enter a record id'],
  ])('%j: %s', (row, error) => {
    const valid: BuilderRow = { path: 'title', operator: '=', input: 'ok' };
    expect(writeFilter({ join: 'and', rows: [valid, row] }, scope)).toEqual({ ok: false, errors: [undefined, error] });
  });

  it('does not take @ macros as text: "@now" in a text field is the string', () => {
    expect(write([{ path: 'title', operator: '=', input: '@now' }])).toBe('title = "@now"');
  });
});

describe('readFilter refuses what the builder cannot show, and says why', () => {
  it.each([
    ['(title = "a" || title = "b") && published = true', 'too complex'],
    ['title = "a" && (views > 1 || views < 0)', 'too complex'],
    ['!(published = true)', 'too complex'],
    ['!published = true', 'too complex'],
    ['"a" = title', 'starts with a value'],
    ['views = rating', 'not one it can edit'],
    ['views = "5"', 'not one it can edit'],
    ['title = @request.auth.id', 'not one it can edit'],
    ['owner = @request.body.owner', 'not one it can edit'],
    ['at = 5', 'not one it can edit'],
    ['meta = "3"', 'not one it can edit'],
    ['missing = 1', 'does not know the field "missing"'],
    ['token = "x"', 'does not know the field "token"'],
    ['gallery != null', 'does not know the field "gallery"'],
    ['published ~ "x"', 'cannot use ~'],
    ['tags = "sale"', 'cannot use ='],
    ['title = ', 'does not parse'],
    ['title = "open', 'does not parse'],
  ])('%s', (text, reason) => {
    const read = readFilter(text, scope);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toContain(reason);
  });
});

describe('builderOperators', () => {
  it('offers each field the server operators for its type, then the emptiness tests', () => {
    const operatorsOf = (path: string) => {
      const field = resolvePath(scope, path);
      if (!field) throw new Error(path);
      return builderOperators(field);
    };
    expect(operatorsOf('title')).toEqual(['=', '!=', '~', '!~', 'in', '!in', 'empty', 'not_empty']);
    expect(operatorsOf('published')).toEqual(['=', '!=', 'empty', 'not_empty']);
    expect(operatorsOf('tags')).toEqual(['?=', 'empty', 'not_empty']);
    expect(operatorsOf('author')).toEqual(['=', '!=', 'in', '!in', 'empty', 'not_empty']);
    expect(operatorsOf('author.posts')).toEqual(['?=', 'empty', 'not_empty']);
    expect(operatorsOf('created_at')).toEqual(['=', '!=', '>', '>=', '<', '<=', 'empty', 'not_empty']);
  });
});
