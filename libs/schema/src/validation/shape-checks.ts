// Small structural checks on untrusted input (ids, strings, booleans, unknown keys) used by the
// collection and field validators before anything reads the values as typed.
import { issue, joinPath, type ValidationIssue } from './validation-issue.js';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function idIssues(value: unknown, path: string): ValidationIssue[] {
  if (typeof value === 'string' && UUID_PATTERN.test(value)) return [];
  return [issue(path, 'invalid_id', 'must be a UUID')];
}

export function stringIssues(value: unknown, path: string, maxLength: number): ValidationIssue[] {
  if (typeof value !== 'string') return [issue(path, 'invalid_structure', 'must be a string')];
  if (value.length > maxLength) return [issue(path, 'invalid_structure', `must be at most ${maxLength} characters`)];
  return [];
}

export function booleanIssues(value: unknown, path: string): ValidationIssue[] {
  return typeof value === 'boolean' ? [] : [issue(path, 'invalid_structure', 'must be a boolean')];
}

export function unknownKeyIssues(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
): ValidationIssue[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => issue(joinPath(path, key), 'invalid_structure', 'is not a known property'));
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
