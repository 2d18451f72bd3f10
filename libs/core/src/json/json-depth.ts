// How deeply JSON nests objects and arrays, measured without recursion: on the text before it
// is parsed, or on a parsed value. Bodies and import rows are refused past a depth cap before
// anything recursive (class-transformer, class-validator, validators of values) walks them.

import { AppException } from '../errors/app-exception.js';
import { ErrorCode } from '../errors/error-code.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** The index of the quote closing the string opened at `open` (text.length if none does). */
function endOfString(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at === -1) return text.length;
    let backslashes = 0;
    for (let before = at - 1; text.charCodeAt(before) === BACKSLASH; before--) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/**
 * Whether JSON text opens more than `maxDepth` objects or arrays inside one another
 * (`{"a":[1]}` is 2 deep, a scalar 0). One pass, strings skipped whole; text that is not JSON
 * gets an answer too, and JSON.parse refuses it afterwards.
 */
export function jsonTextExceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === QUOTE) at = endOfString(text, at);
    else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth -= 1;
  }
  return false;
}

/** Whether a parsed value nests more than `maxDepth` objects or arrays (iterative: any depth is safe). */
export function jsonValueExceedsDepth(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth });
    }
  }
  return false;
}

/** Thrown by parseJsonWithinDepth; JSON that is not valid throws JSON.parse's SyntaxError. */
export class JsonTooDeepError extends Error {
  constructor(readonly maxDepth: number) {
    super(`nests objects and arrays more than ${maxDepth} levels deep`);
    this.name = 'JsonTooDeepError';
  }
}

/** JSON.parse, refusing text nested more than `maxDepth` levels before parsing it. */
export function parseJsonWithinDepth(text: string, maxDepth: number): unknown {
  if (jsonTextExceedsDepth(text, maxDepth)) throw new JsonTooDeepError(maxDepth);
  return JSON.parse(text) as unknown;
}

/** The 400 a request body nested past its cap answers with; `setting` names the variable. */
export function bodyTooDeep(maxDepth: number, setting: string): AppException {
  return new AppException(
    ErrorCode.BodyTooDeep,
    `The request body nests objects and arrays more than ${maxDepth} levels deep, the most this route accepts (${setting}).`,
    { extensions: { maxDepth } },
  );
}
