// What a schema change does to one stored expression (a rule, a webhook condition): each field
// it names is resolved by name in the metadata before the change, followed by its stable id,
// and written with its name after the change. Pure: metadata in, verdict out.

import { DEFAULT_LIMITS, formatExpression, parseExpression, renameFields, type Expression } from '@stagecraft/query';
import { isSystemColumnName, USERS_COLLECTION, type CollectionDefinition } from '@stagecraft/schema';

export interface SchemaChangePair {
  readonly before: readonly CollectionDefinition[];
  readonly after: readonly CollectionDefinition[];
}

export interface FieldRename {
  readonly collection: string;
  readonly from: string;
  readonly to: string;
}

export type ExpressionVerdict =
  /** Nothing it names is renamed or dropped (or it cannot be read against the schema before). */
  | { readonly kind: 'unchanged' }
  /** The same expression, written with the new names. */
  | { readonly kind: 'rewritten'; readonly source: string }
  /** It names fields the change removes, as `collection.field` (names before the change). */
  | { readonly kind: 'dropped'; readonly fields: readonly string[] }
  /**
   * It is evaluated against several collections, and the change would have it say different
   * things for different ones (a field renamed in one of them only): no one text fits all.
   */
  | { readonly kind: 'ambiguous'; readonly collections: readonly string[] }
  /** With the new names it would be longer than an expression may be. */
  | { readonly kind: 'too_long'; readonly length: number };

export interface ExpressionAnalysis {
  readonly verdict: ExpressionVerdict;
  /** Renamed fields it names, for messages. */
  readonly renamed: readonly FieldRename[];
}

/** Field ids that the change renames or drops: when there are none, no expression can change. */
export function changesFieldNames(change: SchemaChangePair): boolean {
  const after = new Map(change.after.flatMap((c) => c.fields.map((f) => [f.id, f.name] as const)));
  return change.before.some((c) => c.fields.some((f) => after.get(f.id) !== f.name));
}

/**
 * The verdict on `source`, evaluated against each collection in `roots` (ids). Only roots where
 * every name resolves before the change count: a condition that never applied to a collection
 * (it names fields that collection lacks) says nothing about it. Roots the change drops are
 * left out too, since nothing is evaluated against them any more.
 */
export function analyseExpression(
  source: string,
  roots: readonly string[],
  change: SchemaChangePair,
): ExpressionAnalysis {
  let tree: Expression;
  try {
    tree = parseExpression(source);
  } catch {
    return { verdict: { kind: 'unchanged' }, renamed: [] };
  }
  const index = new SchemaIndex(change);
  const outcomes = roots.flatMap((root) => {
    const outcome = index.rewrite(tree, root);
    return outcome === undefined ? [] : [outcome];
  });
  const renamed = unique(outcomes.flatMap((outcome) => outcome.renamed));
  const dropped = [...new Set(outcomes.flatMap((outcome) => outcome.dropped))];
  if (dropped.length > 0) return { verdict: { kind: 'dropped', fields: dropped }, renamed };
  const texts = new Set(outcomes.map((outcome) => (outcome.tree === tree ? source : formatExpression(outcome.tree))));
  if (texts.size > 1) {
    const collections = outcomes.map((outcome) => outcome.collection);
    return { verdict: { kind: 'ambiguous', collections }, renamed };
  }
  const [text] = texts;
  if (text === undefined || text === source) return { verdict: { kind: 'unchanged' }, renamed };
  // Longer names can push it past the cap, and then it would no longer parse where it runs.
  if (text.length > DEFAULT_LIMITS.maxLength) return { verdict: { kind: 'too_long', length: text.length }, renamed };
  return { verdict: { kind: 'rewritten', source: text }, renamed };
}

interface RootOutcome {
  readonly collection: string;
  readonly tree: Expression;
  readonly renamed: FieldRename[];
  readonly dropped: string[];
}

interface Resolved {
  /** The name to write after the change. */
  readonly name: string;
  /** The collection (before the change) the next segment of a path is looked up in. */
  readonly next: CollectionDefinition | undefined;
  readonly renamed?: FieldRename;
  readonly dropped?: string;
}

/** Lookups over the metadata before and after the change, by id and by name. */
class SchemaIndex {
  private readonly beforeById: ReadonlyMap<string, CollectionDefinition>;
  private readonly beforeByName: ReadonlyMap<string, CollectionDefinition>;
  private readonly afterById: ReadonlyMap<string, CollectionDefinition>;
  private readonly beforeFieldIds: ReadonlySet<string>;

  constructor(change: SchemaChangePair) {
    this.beforeById = new Map(change.before.map((c) => [c.id, c]));
    this.beforeByName = new Map(change.before.map((c) => [c.name, c]));
    this.afterById = new Map(change.after.map((c) => [c.id, c]));
    this.beforeFieldIds = new Set(change.before.flatMap((c) => c.fields.map((f) => f.id)));
  }

  /** The tree as it reads from `rootId` after the change; undefined when that root does not count. */
  rewrite(tree: Expression, rootId: string): RootOutcome | undefined {
    const root = this.beforeById.get(rootId);
    if (root === undefined || !this.afterById.has(rootId)) return undefined;
    const renamed: FieldRename[] = [];
    const dropped: string[] = [];
    // A property, not a local, so the flag set in the callback is not narrowed to its first value.
    const state = { resolves: true };
    const result = renameFields(tree, (mention) => {
      let collection: CollectionDefinition | undefined = root;
      return mention.path.map((name, index) => {
        // A body value is a field of the root itself; only paths go on through relations.
        const resolved = collection === undefined ? undefined : this.resolve(collection, name);
        if (resolved === undefined) {
          state.resolves = false;
          return name;
        }
        if (resolved.renamed) renamed.push(resolved.renamed);
        if (resolved.dropped) dropped.push(resolved.dropped);
        collection = mention.kind === 'path' && index < mention.path.length - 1 ? resolved.next : undefined;
        return resolved.name;
      });
    });
    if (!state.resolves) return undefined;
    return { collection: root.name, tree: result, renamed, dropped };
  }

  private resolve(collection: CollectionDefinition, name: string): Resolved | undefined {
    if (isSystemColumnName(name)) {
      // System columns are never renamed or dropped; created_by is the one that is a relation.
      return { name, next: name === 'created_by' ? this.beforeByName.get(USERS_COLLECTION) : undefined };
    }
    const field = collection.fields.find((candidate) => candidate.name === name);
    if (field === undefined) return undefined;
    const next = field.type === 'relation' ? this.beforeByName.get(field.options.target) : undefined;
    const afterCollection = this.afterById.get(collection.id);
    const now = afterCollection?.fields.find((candidate) => candidate.id === field.id);
    if (now !== undefined) {
      const renamed = now.name === name ? undefined : { collection: collection.name, from: name, to: now.name };
      return { name: now.name, next, renamed };
    }
    // Dropped, unless a field new in this change takes its name (a field recreated with another
    // type): the name then means the new field, as it would in an expression written now.
    const recreated = afterCollection?.fields.some((f) => f.name === name && !this.beforeFieldIds.has(f.id));
    return recreated ? { name, next } : { name, next, dropped: `${collection.name}.${name}` };
  }
}

function unique(renames: readonly FieldRename[]): FieldRename[] {
  const seen = new Map(renames.map((rename) => [`${rename.collection}.${rename.from}`, rename]));
  return [...seen.values()];
}
