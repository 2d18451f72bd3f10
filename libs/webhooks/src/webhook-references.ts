// Webhook conditions as a reference holder: a schema change rewrites each condition that names
// a renamed field, in its own transaction, and follows renamed collections in `collections`;
// a drop a condition still uses is refused by the change, naming the webhook.

import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ReferenceHolders,
  type ExpressionRewrite,
  type HeldExpression,
  type ReferenceHolder,
  type SchemaChangeContext,
} from '@stagecraft/collections';
import type { EntityManager } from 'typeorm';

interface ConditionRow {
  id: string;
  name: string;
  collections: string[];
  condition: string;
}

@Injectable()
export class WebhookConditionReferences implements ReferenceHolder, OnModuleInit {
  readonly kind = 'webhook_condition';

  constructor(private readonly holders: ReferenceHolders) {}

  onModuleInit(): void {
    this.holders.register(this);
  }

  async list(manager: EntityManager, change: SchemaChangeContext): Promise<readonly HeldExpression[]> {
    const rows: ConditionRow[] = await manager.query(
      `SELECT id, name, collections, condition FROM stagecraft.webhooks
        WHERE condition IS NOT NULL ORDER BY created_at, id`,
    );
    const ids = new Map(change.before.map((collection) => [collection.name, collection.id]));
    return rows.map((row) => ({
      key: row.id,
      label: `condition of webhook "${row.name}" (${row.id})`,
      path: `webhooks[${row.id}].condition`,
      source: row.condition,
      // No collections listed: the webhook hears every collection, so its condition applies to each.
      roots: row.collections.length === 0 ? [...ids.values()] : row.collections.flatMap((name) => ids.get(name) ?? []),
      outsideSchema: true,
      reference: { webhook: { id: row.id, name: row.name } },
    }));
  }

  async apply(
    manager: EntityManager,
    change: SchemaChangeContext,
    rewrites: readonly ExpressionRewrite[],
  ): Promise<void> {
    for (const { held, source } of rewrites) {
      await manager.query('UPDATE stagecraft.webhooks SET condition = $2, updated_at = now() WHERE id = $1', [
        held.key,
        source,
      ]);
    }
    const renamed = collectionRenames(change);
    if (renamed.size === 0) return;
    await manager.query(
      `UPDATE stagecraft.webhooks
          SET collections = ARRAY(SELECT coalesce($1::jsonb ->> u.name, u.name)
                                    FROM unnest(collections) WITH ORDINALITY AS u(name, n) ORDER BY u.n),
              updated_at = now()
        WHERE collections && $2::text[]`,
      [JSON.stringify(Object.fromEntries(renamed)), [...renamed.keys()]],
    );
  }
}

/** Old name → new name of each collection the change renames. */
function collectionRenames(change: SchemaChangeContext): Map<string, string> {
  const after = new Map(change.after.map((collection) => [collection.id, collection.name]));
  return new Map(
    change.before.flatMap((collection) => {
      const name = after.get(collection.id);
      return name !== undefined && name !== collection.name ? [[collection.name, name] as const] : [];
    }),
  );
}
