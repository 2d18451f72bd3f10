// Turns expression source into tokens with their offsets. It knows spelling only (quotes,
// escapes, number shapes, operators); what may follow what is the parser's business.

import { ExpressionError } from './expression-error.js';
import type { Operator } from './query-schema.js';

interface TokenBase {
  /** 0-based offset of the token's first character. */
  readonly position: number;
  /** The token as written, for error messages. */
  readonly text: string;
}

export type Punctuation = '&&' | '||' | '!' | '(' | ')' | '[' | ']' | ',';
export type Keyword = 'true' | 'false' | 'null';

export type Token =
  | (TokenBase & { readonly kind: 'identifier'; readonly name: string })
  | (TokenBase & { readonly kind: 'macro'; readonly name: string })
  | (TokenBase & { readonly kind: 'string'; readonly value: string })
  | (TokenBase & { readonly kind: 'number'; readonly raw: string })
  | (TokenBase & { readonly kind: 'keyword'; readonly keyword: Keyword })
  | (TokenBase & { readonly kind: 'operator'; readonly operator: Operator })
  | (TokenBase & { readonly kind: 'punctuation'; readonly punctuation: Punctuation })
  | (TokenBase & { readonly kind: 'end' });

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  n: '\n',
  r: '\r',
  t: '\t',
};

function isKeyword(word: string): word is Keyword {
  return word === 'true' || word === 'false' || word === 'null';
}

/** Quotes a piece of source for a message, shortened so a huge token cannot flood it. */
export function quoteSource(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `'${shown}'`;
}

function syntax(message: string, position: number): ExpressionError {
  return new ExpressionError('SYNTAX', message, position);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (WHITESPACE.has(ch)) {
      i += 1;
      continue;
    }
    const token = readToken(source, i);
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'end', position: source.length, text: '' });
  return tokens;
}

function readToken(source: string, start: number): Token {
  const ch = source.charAt(start);
  const next = source.charAt(start + 1);
  const two = ch + next;
  if (ch === '"' || ch === "'") return readString(source, start);
  if (DIGIT.test(ch) || (ch === '-' && DIGIT.test(next))) return readNumber(source, start);
  if (WORD_START.test(ch)) return readWord(source, start);
  if (ch === '@') return readMacro(source, start);
  switch (two) {
    case '&&':
    case '||':
      return { kind: 'punctuation', punctuation: two, position: start, text: two };
    case '==':
      throw syntax(`Unexpected '==' at character ${start + 1}; use = to compare.`, start);
    case '!=':
    case '>=':
    case '<=':
    case '!~':
    case '?=':
      return { kind: 'operator', operator: two, position: start, text: two };
    default:
      break;
  }
  if (two === '!i' && source.startsWith('!in', start) && !WORD_PART.test(source.charAt(start + 3))) {
    return { kind: 'operator', operator: '!in', position: start, text: '!in' };
  }
  switch (ch) {
    case '=':
    case '>':
    case '<':
    case '~':
      return { kind: 'operator', operator: ch, position: start, text: ch };
    case '!':
    case '(':
    case ')':
    case '[':
    case ']':
    case ',':
      return { kind: 'punctuation', punctuation: ch, position: start, text: ch };
    case '&':
      throw syntax(`Unexpected '&' at character ${start + 1}; use && for "and".`, start);
    case '|':
      throw syntax(`Unexpected '|' at character ${start + 1}; use || for "or".`, start);
    case '-':
      throw syntax(`Unexpected '-' at character ${start + 1}; a negative number is written like -5.`, start);
    default:
      throw syntax(`Unexpected character ${describeCharacter(source, start)} at character ${start + 1}.`, start);
  }
}

function describeCharacter(source: string, at: number): string {
  const code = source.codePointAt(at) ?? 0;
  const char = String.fromCodePoint(code);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  // Control, format and space characters are invisible in a message: name them by code only.
  return /[\p{C}\p{Z}]/u.test(char) ? hex : `'${char}' (${hex})`;
}

function readString(source: string, start: number): Token {
  const quote = source.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === quote) {
      return { kind: 'string', value, position: start, text: source.slice(start, i + 1) };
    }
    if (ch === '\0') {
      // Postgres text cannot hold NUL: refuse it here rather than fail in the database.
      throw syntax(`Strings cannot contain the NUL character (at character ${i + 1}).`, i);
    }
    if (ch !== '\\') {
      value += ch;
      i += 1;
      continue;
    }
    const escape = source.charAt(i + 1);
    if (Object.hasOwn(SIMPLE_ESCAPES, escape)) {
      value += SIMPLE_ESCAPES[escape] ?? '';
      i += 2;
      continue;
    }
    if (escape === 'u') {
      const hex = source.slice(i + 2, i + 6);
      if (!HEX4.test(hex)) throw syntax(`Invalid escape at character ${i + 1}; \\u needs four hex digits.`, i);
      const decoded = String.fromCharCode(Number.parseInt(hex, 16));
      if (decoded === '\0') throw syntax(`Strings cannot contain the NUL character (at character ${i + 1}).`, i);
      value += decoded;
      i += 6;
      continue;
    }
    if (escape === '') break;
    throw syntax(
      `Unknown escape '\\${escape}' at character ${i + 1}; use \\\\, \\", \\', \\n, \\r, \\t or \\uXXXX.`,
      i,
    );
  }
  throw syntax(`Unterminated string starting at character ${start + 1}.`, start);
}

function readNumber(source: string, start: number): Token {
  let i = start;
  if (source.charAt(i) === '-') i += 1;
  while (DIGIT.test(source.charAt(i))) i += 1;
  if (source.charAt(i) === '.' && DIGIT.test(source.charAt(i + 1))) {
    i += 1;
    while (DIGIT.test(source.charAt(i))) i += 1;
  }
  const following = source.charAt(i);
  if (WORD_PART.test(following) || following === '.') {
    let end = i;
    while (WORD_PART.test(source.charAt(end)) || source.charAt(end) === '.') end += 1;
    throw syntax(
      `Invalid number ${quoteSource(source.slice(start, end))} at character ${start + 1}; numbers look like 12, -3 or 4.5.`,
      start,
    );
  }
  const raw = source.slice(start, i);
  return { kind: 'number', raw, position: start, text: raw };
}

/** A dotted word: `qty`, `author.email`. Segment names are checked by the parser. */
function readDotted(source: string, start: number): string {
  let i = start;
  for (;;) {
    while (WORD_PART.test(source.charAt(i))) i += 1;
    if (source.charAt(i) !== '.') break;
    if (!WORD_START.test(source.charAt(i + 1))) {
      throw syntax(
        `Incomplete path ${quoteSource(source.slice(start, i + 1))} at character ${start + 1}; a name must follow the dot.`,
        start,
      );
    }
    i += 1;
  }
  return source.slice(start, i);
}

function readWord(source: string, start: number): Token {
  const text = readDotted(source, start);
  if (text === 'in') return { kind: 'operator', operator: 'in', position: start, text };
  if (isKeyword(text)) return { kind: 'keyword', keyword: text, position: start, text };
  return { kind: 'identifier', name: text, position: start, text };
}

function readMacro(source: string, start: number): Token {
  if (!WORD_START.test(source.charAt(start + 1))) {
    throw syntax(`Unexpected '@' at character ${start + 1}; macros look like @request.auth.id or @now.`, start);
  }
  const name = readDotted(source, start + 1);
  return { kind: 'macro', name, position: start, text: `@${name}` };
}
