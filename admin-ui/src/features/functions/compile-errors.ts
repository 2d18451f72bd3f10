// Compile errors of a deploy, placed in the source they were computed for. The server (esbuild)
// names a 1-based line and a 1-based column counted in UTF-8 bytes; the editor wants offsets in
// UTF-16 code units, so a line with "é" or an emoji before the mistake is measured byte by byte.
// Errors belong to one text: once the text changes, they are gone until the next deploy.
import { ApiError } from '../../api';
import type { FunctionLanguage } from '../../data/functions/functions-query';

export interface CompileError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** An error placed in the text: [from, to) in UTF-16 offsets, and the line and column shown. */
export interface PlacedError extends CompileError {
  from: number;
  to: number;
}

/** The errors a deploy was refused with, and the text and language they are about. */
export interface CompiledText {
  source: string;
  language: FunctionLanguage;
  errors: CompileError[];
}

function isCompileError(value: unknown): value is CompileError {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return (
    typeof item.file === 'string' &&
    typeof item.line === 'number' &&
    typeof item.column === 'number' &&
    typeof item.message === 'string'
  );
}

/** The `compile_errors` of a 400; none for any other failure. */
export function compileErrorsOf(error: unknown): CompileError[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const list = error.problem['compile_errors'];
  return Array.isArray(list) ? list.filter(isCompileError) : [];
}

/** UTF-8 length of one code point. */
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** The UTF-16 index in `line` that is `bytes` UTF-8 bytes in (clamped to the line). */
function indexAtByte(line: string, bytes: number): number {
  let index = 0;
  let counted = 0;
  while (index < line.length && counted < bytes) {
    const codePoint = line.codePointAt(index) ?? 0;
    counted += utf8Length(codePoint);
    index += codePoint > 0xffff ? 2 : 1;
  }
  return index;
}

/** Start offsets of each line (after \n; a \r before it stays part of the line's end). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The offset of a 1-based line and 1-based byte column, clamped into the text. */
export function offsetOf(text: string, line: number, column: number): number {
  const starts = lineStarts(text);
  const lineIndex = Math.min(Math.max(1, Math.floor(line)), starts.length) - 1;
  const start = starts[lineIndex] ?? 0;
  const next = starts[lineIndex + 1];
  const end = next === undefined ? text.length : next - 1;
  const lineText = text.slice(start, end).replace(/\r$/, '');
  return start + indexAtByte(lineText, Math.max(0, Math.floor(column) - 1));
}

/** Marks the word at the error (an identifier, a number), or one character, or the end of the line. */
function endOf(text: string, from: number): number {
  const word = /^[\w$]+/.exec(text.slice(from, from + 200));
  if (word) return from + word[0].length;
  const next = text[from];
  return next === undefined || next === '\n' || next === '\r' ? from : from + 1;
}

export function placeErrors(text: string, errors: readonly CompileError[]): PlacedError[] {
  return errors.map((error) => {
    const from = offsetOf(text, error.line, error.column);
    return { ...error, from, to: endOf(text, from) };
  });
}

/** The errors for what the editor holds now: none once the text or language moved on. */
export function errorsFor(source: string, language: FunctionLanguage, compiled: CompiledText | null): PlacedError[] {
  if (!compiled || compiled.source !== source || compiled.language !== language) return [];
  return placeErrors(source, compiled.errors);
}
