// Placeholder examples built from the collection's real fields, so the empty filter box and rule
// inputs show something that would run here (`title ~ "draft" && published = true`), not a
// generic sample naming fields the collection does not have.
import { expressionFields, USERS_COLLECTION, type ExpressionField, type ExpressionScope } from './expression-fields';
import { writeFilter, type BuilderRow } from './filter-builder-model';

const SAMPLE_TEXT: Record<string, string> = { email: '@example.com', url: 'https://' };

/** One comparison that reads naturally for the field, or undefined for kinds that make poor examples. */
function sampleRow(field: ExpressionField): BuilderRow | undefined {
  switch (field.kind) {
    case 'text':
      return { path: field.name, operator: '~', input: SAMPLE_TEXT[field.detail] ?? 'draft' };
    case 'boolean':
      return { path: field.name, operator: '=', input: 'true' };
    case 'integer':
    case 'number':
      return { path: field.name, operator: '>', input: '10' };
    case 'choice': {
      const [first] = field.choices ?? [];
      if (first === undefined) return undefined;
      return field.list
        ? { path: field.name, operator: '?=', input: first }
        : { path: field.name, operator: '=', input: first };
    }
    case 'date':
    case 'datetime':
      return { path: field.name, operator: '<', input: '@now' };
    case 'json':
    case 'id':
      return undefined;
  }
}

const FALLBACK_FILTER = 'created_at > "2024-01-01T00:00:00Z"';

/** `title ~ "draft" && published = true` from the first two fields that make a good example. */
export function filterExample(scope: ExpressionScope): string {
  const collection = scope.collections.find((item) => item.name === scope.collection);
  if (!collection) return FALLBACK_FILTER;
  const own = new Set(collection.fields.map((field) => field.name));
  const rows: BuilderRow[] = [];
  const kinds = new Set<string>();
  for (const field of expressionFields(collection)) {
    if (!own.has(field.name) || kinds.has(field.kind)) continue;
    const row = sampleRow(field);
    if (!row) continue;
    rows.push(row);
    kinds.add(field.kind);
    if (rows.length === 2) break;
  }
  const written = writeFilter({ join: 'and', rows }, scope);
  return written.ok && written.text !== '' ? written.text : FALLBACK_FILTER;
}

/** A rule that fits the action: the caller's own records, through a relation to users when there is one. */
export function ruleExample(scope: ExpressionScope, action: string): string {
  const collection = scope.collections.find((item) => item.name === scope.collection);
  const owner = collection?.fields.find(
    (field) =>
      field.type === 'relation' &&
      field.options.target === USERS_COLLECTION &&
      (field.options.kind ?? 'many_to_one') === 'many_to_one',
  );
  if (action === 'create') {
    return owner ? `@request.body.${owner.name} = @request.auth.id` : '@request.auth.id != null';
  }
  return `${owner?.name ?? 'created_by'} = @request.auth.id`;
}
