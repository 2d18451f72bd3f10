// Compile errors from the problem document, placed in the text they were computed for.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import { compileErrorsOf, errorsFor, offsetOf, placeErrors } from './compile-errors';

const refused = (compileErrors: unknown) =>
  new ApiError({
    status: 400,
    code: 'VALIDATION_FAILED',
    detail: 'The source does not compile (1 error(s)).',
    errors: [{ field: 'source', code: 'compile', message: 'hello.ts:2:9: Expected ";" but found "x"' }],
    compile_errors: compileErrors,
  });

describe('compileErrorsOf', () => {
  it('reads compile_errors from a 400, skipping malformed entries', () => {
    const error = refused([
      { file: 'hello.ts', line: 2, column: 9, message: 'Expected ";" but found "x"' },
      { file: 'hello.ts', line: '3' },
      null,
    ]);
    expect(compileErrorsOf(error)).toEqual([
      { file: 'hello.ts', line: 2, column: 9, message: 'Expected ";" but found "x"' },
    ]);
  });

  it('finds none in other failures', () => {
    expect(compileErrorsOf(new Error('offline'))).toEqual([]);
    expect(compileErrorsOf(refused('not a list'))).toEqual([]);
    expect(
      compileErrorsOf(new ApiError({ status: 409, code: 'CONFLICT', detail: 'taken', compile_errors: [] })),
    ).toEqual([]);
  });
});

describe('offsetOf', () => {
  const text = 'const a = 1;\nconst b = ;\nlast';

  it.each([
    [1, 1, 0],
    [1, 7, 6],
    [2, 11, 23],
    [3, 1, 25],
    [3, 5, 29],
  ])('line %i column %i is offset %i', (line, column, offset) => {
    expect(offsetOf(text, line, column)).toBe(offset);
  });

  it('clamps a line or column past the end', () => {
    expect(offsetOf(text, 9, 1)).toBe(25);
    expect(offsetOf(text, 1, 99)).toBe(12);
    expect(offsetOf(text, 0, 0)).toBe(0);
  });

  it('counts columns in UTF-8 bytes, as esbuild does', () => {
    // esbuild put this error at byte column 34 (0-based); the server adds one.
    const line = 'const s = "héllo😀"; const x = ;';
    expect(offsetOf(line, 1, 35)).toBe(line.indexOf(' ;') + 1);
  });

  it('ignores a \\r before the line end', () => {
    expect(offsetOf('a\r\nbc', 2, 2)).toBe(4);
    expect(offsetOf('ab\r\nc', 1, 9)).toBe(2);
  });
});

describe('placeErrors', () => {
  it('marks the word at the error, a single character, or a point at the line end', () => {
    const text = 'export default async (ctx) => {\n  return ctx.nope +;\n}';
    const placed = placeErrors(text, [
      { file: 'f.ts', line: 2, column: 10, message: 'word' },
      { file: 'f.ts', line: 2, column: 20, message: 'character' },
      { file: 'f.ts', line: 1, column: 32, message: 'line end' },
    ]);
    expect(placed.map(({ from, to }) => text.slice(from, to))).toEqual(['ctx', ';', '']);
    expect(placed[2]?.from).toBe(31);
  });
});

describe('errorsFor', () => {
  const compiled = {
    source: 'export default async () => {',
    language: 'typescript' as const,
    errors: [{ file: 'f.ts', line: 1, column: 29, message: 'Expected "}" but found end of file' }],
  };

  it('shows the errors on the text they were computed for', () => {
    expect(errorsFor(compiled.source, 'typescript', compiled)).toHaveLength(1);
  });

  it('drops them once the text or the language changes', () => {
    expect(errorsFor(`${compiled.source} }`, 'typescript', compiled)).toEqual([]);
    expect(errorsFor(compiled.source, 'javascript', compiled)).toEqual([]);
    expect(errorsFor(compiled.source, 'typescript', null)).toEqual([]);
  });
});
