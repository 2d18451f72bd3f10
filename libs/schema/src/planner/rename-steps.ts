// Orders renames inside one namespace so no step hits a name still in use: chains run back to
// front, and cycles (a→b, b→a) go through a temporary name.
import { compareText } from './compare-text.js';
import { objectNames } from '../sql/object-names.js';
import { SchemaPlanError } from './schema-plan-error.js';

export interface RenameRequest<T> {
  /** Stable identity, also the seed of the temporary name. */
  key: string;
  from: string;
  to: string;
  item: T;
}

export interface RenameStep<T> {
  from: string;
  to: string;
  item: T;
  temporary: boolean;
}

export function orderRenames<T>(
  requests: readonly RenameRequest<T>[],
  occupiedNames: Iterable<string>,
): RenameStep<T>[] {
  const occupied = new Set(occupiedNames);
  const pending = [...requests].sort((a, b) => compareText(a.from, b.from) || compareText(a.key, b.key));
  const steps: RenameStep<T>[] = [];
  const apply = (request: RenameRequest<T>, to: string, temporary: boolean) => {
    occupied.delete(request.from);
    occupied.add(to);
    steps.push({ from: request.from, to, item: request.item, temporary });
  };
  while (pending.length > 0) {
    const ready = pending.findIndex((r) => !occupied.has(r.to));
    if (ready >= 0) {
      const [request] = pending.splice(ready, 1) as [RenameRequest<T>];
      apply(request, request.to, false);
      continue;
    }
    // Every pending rename waits on another: a cycle, unless something else holds the name.
    const first = pending[0] as RenameRequest<T>; // the loop runs while pending is non-empty
    if (!pending.some((r) => r.from === first.to)) {
      throw new SchemaPlanError(
        'name_conflict',
        `"${first.from}" cannot be renamed to "${first.to}": the name is in use.`,
      );
    }
    const temporary = objectNames.temporary(first.key);
    apply(first, temporary, true);
    pending[0] = { ...first, from: temporary };
  }
  return steps;
}
