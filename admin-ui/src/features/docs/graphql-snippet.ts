// A ready-to-run GraphQL list query for a collection, and the curl line that sends it; names
// follow the server's schema (libs/graphql/src/names.ts and schema-builder.ts).
import type { CollectionDefinition, FieldDefinition } from '../../api';
import { shellQuote } from './snippets';

export const GRAPHQL_PATH = '/api/v1/graphql';
export const GRAPHIQL_PATH = '/api/graphql';

// Names GraphQL or the schema already uses: a collection's type takes `Record` after them.
const TAKEN_TYPE_NAMES = new Set([
  'Query',
  'Mutation',
  'Subscription',
  'String',
  'Int',
  'Float',
  'Boolean',
  'ID',
  'DateTime',
  'Date',
  'JSON',
  'UUID',
  'CountMode',
]);

/** The GraphQL type of a collection's records: its name in PascalCase (`blog_posts` → `BlogPosts`). */
export function graphqlTypeName(collection: string): string {
  const pascal = collection
    .split('_')
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return TAKEN_TYPE_NAMES.has(pascal) ? `${pascal}Record` : pascal;
}

/** How a field is selected: a leaf by name, a many-to-one relation by its record's id; others are left out. */
function selection(field: FieldDefinition): string | undefined {
  if (field.options.hidden || field.type === 'secret') return undefined; // not in the schema
  if (field.type !== 'relation') return field.name;
  return field.options.kind === 'many_to_one' ? `${field.name} { id }` : undefined;
}

/** A page of ten records with every readable field; `nextCursor` goes back as `after` for the next. */
export function graphqlListQuery(collection: CollectionDefinition): string {
  const fields = ['id', ...collection.fields.flatMap((field) => selection(field) ?? [])];
  return [
    '{',
    `  ${collection.name}(limit: 10) {`,
    '    items {',
    ...fields.map((field) => `      ${field}`),
    '    }',
    '    nextCursor',
    '  }',
    '}',
  ].join('\n');
}

export function graphqlCurl(origin: string, query: string): string {
  // On one line: the request body stays readable in the shell.
  const body = JSON.stringify({ query: query.replace(/\s*\n\s*/g, ' ') });
  return [
    `curl -s -X POST ${shellQuote(`${origin}${GRAPHQL_PATH}`)} \\`,
    `  -H "Authorization: Bearer $STAGECRAFT_TOKEN" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d ${shellQuote(body)}`,
  ].join('\n');
}

/** GraphiQL, opened on this query. */
export function graphiqlHref(query: string): string {
  return `${GRAPHIQL_PATH}?query=${encodeURIComponent(query)}`;
}
