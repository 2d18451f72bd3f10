// Spec helpers that walk a generated document: every `$ref` in it, JSON-pointer resolution, and
// every operation with its path and method. Not exported.
import type { OperationObject } from './openapi-types.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else collectRefs(child, found);
    }
  }
  return found;
}

export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function operations(paths: Record<string, object>): { path: string; method: string; op: OperationObject }[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Partial<Record<string, OperationObject>>)[method];
      return op === undefined ? [] : [{ path, method, op }];
    }),
  );
}
