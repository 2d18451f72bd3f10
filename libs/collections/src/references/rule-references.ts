// Access rules as a reference holder: every rule the change carries along (one the request does
// not state itself) is rewritten with the new names, in the metadata the change saves.

import { RULE_ACTIONS } from '@stagecraft/schema';
import type { ExpressionRewrite, HeldExpression, ReferenceHolder, SchemaChangeContext } from './reference-holder.js';

export class RuleReferences implements ReferenceHolder {
  readonly kind = 'rule';

  list(_manager: unknown, change: SchemaChangeContext): Promise<readonly HeldExpression[]> {
    const existing = new Set(change.before.map((collection) => collection.id));
    const held = change.after.flatMap((collection, index) =>
      existing.has(collection.id)
        ? RULE_ACTIONS.flatMap((action): HeldExpression[] => {
            const source = collection.rules[action];
            if (source === null || source.trim() === '' || change.statedRule(collection.id, action)) return [];
            return [
              {
                key: `${collection.id}:${action}`,
                label: `${action} rule of "${collection.name}"`,
                path: `collections[${index}].rules.${action}`,
                source,
                roots: [collection.id],
                outsideSchema: false,
                reference: { collection: collection.name, action },
              },
            ];
          })
        : [],
    );
    return Promise.resolve(held);
  }

  apply(_manager: unknown, change: SchemaChangeContext, rewrites: readonly ExpressionRewrite[]): Promise<void> {
    for (const { held, source } of rewrites) {
      const [collectionId, action] = held.key.split(':') as [string, (typeof RULE_ACTIONS)[number]];
      const collection = change.after.find((candidate) => candidate.id === collectionId);
      if (collection) collection.rules[action] = source;
    }
    return Promise.resolve();
  }
}
