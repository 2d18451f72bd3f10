// What a feature implements to keep the expressions it stores (rules, webhook conditions, and
// later subscription filters, function triggers, cache settings) in step with schema changes.

import type { CollectionDefinition, RuleAction } from '@stagecraft/schema';
import type { EntityManager } from 'typeorm';
import type { SchemaChangePair } from './expression-references.js';

/** A schema change as holders see it, inside its transaction and under the schema lock. */
export interface SchemaChangeContext extends SchemaChangePair {
  /** The metadata the change will save; a holder kept in the schema (rules) writes its rewrites here. */
  readonly after: CollectionDefinition[];
  /**
   * True for a rule the request states itself (a schema document, or rules given with a
   * collection change): it is checked as written, not carried along.
   */
  statedRule(collectionId: string, action: RuleAction): boolean;
}

/** One stored expression that names fields. */
export interface HeldExpression {
  /** Identifies it to its holder (a webhook id, say). */
  readonly key: string;
  /** For people: `list rule of "posts"`, `condition of webhook "Notify" (0190…)`. */
  readonly label: string;
  /** Where it is, as a problem's `errors[].field`: `collections[2].rules.list`, `webhooks[0190…].condition`. */
  readonly path: string;
  readonly source: string;
  /** Ids of the collections it is evaluated against, as they are before the change. */
  readonly roots: readonly string[];
  /** Kept outside the schema (a webhook): a schema change cannot change it, so a refusal says where to. */
  readonly outsideSchema: boolean;
  /** Members for the refusal's `references` list, e.g. `{ webhook: { id, name } }`. */
  readonly reference: Readonly<Record<string, unknown>>;
}

export interface ExpressionRewrite {
  readonly held: HeldExpression;
  /** The expression written with the new names. */
  readonly source: string;
}

export interface ReferenceHolder {
  /** Names the holder in the refusal's `references` list: `rule`, `webhook_condition`. */
  readonly kind: string;
  /** Its expressions, read in the change's transaction. Called only when a change renames or drops fields. */
  list(manager: EntityManager, change: SchemaChangeContext): Promise<readonly HeldExpression[]>;
  /**
   * Stores the rewrites (possibly none) in the change's transaction, and follows renamed
   * collections where it names them. Called for every change that renames or drops anything.
   */
  apply(manager: EntityManager, change: SchemaChangeContext, rewrites: readonly ExpressionRewrite[]): Promise<void>;
}
