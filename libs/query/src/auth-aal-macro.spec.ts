// `@request.auth.aal`: the assurance level of the caller's session (1 or 2), null for anonymous
// callers and API keys, compared as a whole number.

import type { CompileContext } from './compile-context.js';
import { compileFilter } from './compiler.js';
import { ExpressionError } from './expression-error.js';
import { formatExpression } from './format.js';
import { parseExpression } from './parser.js';
import { context, USER_ID } from './schema.fixture.js';

function compiled(source: string, overrides: Partial<CompileContext> = {}): { sql: string; params: unknown[] } {
  const ctx = context(overrides);
  return { sql: compileFilter(source, ctx), params: ctx.params };
}

const signedIn = (aal: number | null | undefined): Partial<CompileContext> => ({
  request: { auth: { id: USER_ID, role: 'user', aal } },
});

describe('@request.auth.aal', () => {
  it('parses to its own macro and prints back the same', () => {
    const tree = parseExpression('@request.auth.aal = 2');
    expect(tree).toMatchObject({ kind: 'comparison', left: { kind: 'macro', macro: 'auth.aal', position: 0 } });
    expect(formatExpression(tree)).toBe('@request.auth.aal = 2');
  });

  it.each<[string, number | null | undefined, string, unknown[]]>([
    ['@request.auth.aal = 2', 2, '$1::bigint = $2::bigint', [2, 2]],
    ['@request.auth.aal = 2', 1, '$1::bigint = $2::bigint', [1, 2]],
    ['@request.auth.aal >= 2', 2, '$1::bigint >= $2::bigint', [2, 2]],
    ['2 = @request.auth.aal', 2, '$1::bigint = $2::bigint', [2, 2]],
    ['@request.auth.aal in [1, 2]', 1, '$1::bigint = ANY($2::bigint[])', [1, [1, 2]]],
    ['@request.auth.aal != null', 2, '$1::bigint IS NOT NULL', [2]],
    // An API key's principal has no session, so no assurance level.
    ['@request.auth.aal = 2', undefined, '$1::bigint = $2::bigint', [null, 2]],
    ['qty >= @request.auth.aal', 2, '"t"."qty" >= $1::bigint', [2]],
  ])('%s with aal %p', (source, aal, sql, params) => {
    expect(compiled(source, signedIn(aal))).toEqual({ sql, params });
  });

  it('is a null parameter for an anonymous caller, so "= 2" matches nothing', () => {
    expect(compiled('@request.auth.aal = 2', { request: { auth: null } })).toEqual({
      sql: '$1::bigint = $2::bigint',
      params: [null, 2],
    });
  });

  it.each([
    ['@request.auth.aal = "2"', 'TYPE_MISMATCH'],
    ['@request.auth.aal ~ "2"', 'OPERATOR_NOT_ALLOWED'],
    ['title = @request.auth.aal', 'TYPE_MISMATCH'],
    ['@request.auth.aal = true', 'TYPE_MISMATCH'],
  ])('refuses %s (%s)', (source, code) => {
    let caught: unknown;
    try {
      compiled(source, signedIn(2));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect(caught).toMatchObject({ code });
    expect((caught as ExpressionError).message).toContain('@request.auth.aal');
  });

  it('is listed among the valid macros when one is misspelt', () => {
    expect(() => parseExpression('@request.auth.aall = 2')).toThrow(/@request\.auth\.aal,/);
  });
});
