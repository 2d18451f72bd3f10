// Component names, refs and operation ids derived from collection names, kept unique even when
// two names PascalCase alike (`post_2` and `post2`), so generated clients get stable types.
import type { CollectionDefinition } from '@stagecraft/schema';

/** `blog_posts` → `BlogPosts`. */
export function pascalCase(name: string): string {
  return name
    .split('_')
    .filter((part) => part !== '')
    .map(capitalise)
    .join('');
}

/** Keeps the underscores (`post_2` → `Post_2`), which is injective over lowercase names. */
function pascalKeepingUnderscores(name: string): string {
  return name.split('_').map(capitalise).join('_');
}

function capitalise(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1);
}

/** Collection name → the stem of its component names and operation ids. */
export function typeStems(collections: readonly Pick<CollectionDefinition, 'name'>[]): ReadonlyMap<string, string> {
  const counts = new Map<string, number>();
  for (const { name } of collections) counts.set(pascalCase(name), (counts.get(pascalCase(name)) ?? 0) + 1);
  return new Map(
    collections.map(({ name }) => {
      const stem = pascalCase(name);
      return [name, (counts.get(stem) ?? 0) > 1 ? pascalKeepingUnderscores(name) : stem];
    }),
  );
}

export type CollectionSchemaKind =
  | 'Record'
  | 'Create'
  | 'Update'
  | 'Expand'
  | 'ListResponse'
  | 'RecordResponse'
  | 'RecordsResponse'
  | 'RecordEvent'
  | 'RecordImage'
  | 'RealtimeChange'
  | 'Form';

/** No kind is a suffix of another's ending, so `<stem><kind>` stays unique across collections. */
export function collectionSchemaName(stem: string, kind: CollectionSchemaKind): string {
  return `${stem}${kind}`;
}

export type OperationKind = 'list' | 'create' | 'get' | 'update' | 'replace' | 'delete' | 'bulkUpdate' | 'bulkDelete';

export function operationId(stem: string, kind: OperationKind): string {
  switch (kind) {
    case 'list':
    case 'bulkUpdate':
    case 'bulkDelete':
      return `${kind}${stem}Records`;
    case 'create':
    case 'get':
    case 'update':
    case 'replace':
    case 'delete':
      return `${kind}${stem}Record`;
  }
}

export const schemaRef = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
export const parameterRef = (name: string): { $ref: string } => ({ $ref: `#/components/parameters/${name}` });
export const responseRef = (name: string): { $ref: string } => ({ $ref: `#/components/responses/${name}` });

export const RECORDS_BASE_PATH = '/api/v1/collections';

export function collectionPaths(name: string): { list: string; item: string } {
  const list = `${RECORDS_BASE_PATH}/${name}/records`;
  return { list, item: `${list}/{id}` };
}
