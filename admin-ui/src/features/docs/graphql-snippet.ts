// A ready-to-run GraphQL list query for a collection, and the curl line that sends it; type
// names come from the server's own rule (libs/graphql/src/names.ts), fields follow schema-builder.ts.
import type { CollectionDefinition, FieldDefinition } from '../../api';
import { shellQuote } from './snippets';
import { schemaNames, typeNameOf } from '@stagecraft/graphql-names';

export const GRAPHQL_PATH = '/api/v1/graphql';
export const GRAPHIQL_PATH = '/api/graphql';

/**
 * The GraphQL type of a collection's records: the server's own rule (`blog_posts` →
 * `BlogPosts`), settled against the other collections' names where they are known.
 */
export function graphqlTypeName(collection: string, allCollections?: readonly string[]): string {
  if (!allCollections) return typeNameOf(collection);
  return schemaNames(new Set([...allCollections, collection])).get(collection)?.type ?? typeNameOf(collection);
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
