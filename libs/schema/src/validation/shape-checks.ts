// Small structural checks on untrusted input (ids, strings, booleans, unknown keys) used by the
// collection and field validators before anything reads the values as typed.
import { plural } from '@stagecraft/core';
import { joinPath, valueIssue, type ValidationIssue } from './validation-issue.js';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function idIssues(value: unknown, path: string): ValidationIssue[] {
  if (typeof value === 'string' && UUID_PATTERN.test(value)) return [];
  return [valueIssue(path, 'invalid_id', 'must be a UUID')];
}

export function stringIssues(value: unknown, path: string, maxLength: number): ValidationIssue[] {
  if (typeof value !== 'string') return [valueIssue(path, 'invalid_structure', 'must be text')];
  if (value.length > maxLength) {
    return [valueIssue(path, 'invalid_structure', `must be at most ${plural(maxLength, 'character')} long`)];
  }
  return [];
}

export function booleanIssues(value: unknown, path: string): ValidationIssue[] {
  return typeof value === 'boolean' ? [] : [valueIssue(path, 'invalid_structure', 'must be true or false')];
}

export function unknownKeyIssues(
  value: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
): ValidationIssue[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => valueIssue(joinPath(path, key), 'invalid_structure', 'is not a known property'));
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
