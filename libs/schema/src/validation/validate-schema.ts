// Validates a whole schema (every collection, as submitted to `/schema/apply`): each collection
// against the others, plus ids that must be unique across collections.
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import { isRecord } from './shape-checks.js';
import { validateCollectionDefinition } from './validate-collection.js';
import { issue, joinPath, type ValidationIssue } from './validation-issue.js';

/** Entries plausible enough to serve as relation targets and name/id references for the others. */
function readableCollections(collections: readonly unknown[]): CollectionDefinition[] {
  return collections
    .filter(
      (c) => isRecord(c) && typeof c['id'] === 'string' && typeof c['name'] === 'string' && Array.isArray(c['fields']),
    )
    .map((c) => {
      const collection = c as CollectionDefinition;
      const fields = collection.fields.filter(
        (f) => isRecord(f) && typeof f.id === 'string' && typeof f.name === 'string' && isRecord(f.options),
      );
      return { ...collection, fields };
    });
}

export function validateSchema(collections: unknown, path = 'collections'): ValidationIssue[] {
  if (!Array.isArray(collections)) return [issue(path, 'invalid_structure', 'The collections must be a list.')];
  const readable = readableCollections(collections);
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  collections.forEach((collection, index) => {
    const collectionPath = joinPath(path, index);
    issues.push(...validateCollectionDefinition(collection, readable, collectionPath));
    const id = isRecord(collection) && typeof collection['id'] === 'string' ? collection['id'].toLowerCase() : null;
    if (id === null) return;
    if (seen.has(id))
      issues.push(issue(joinPath(collectionPath, 'id'), 'duplicate_id', `The collection id ${id} is already used.`));
    seen.add(id);
  });
  return issues;
}
