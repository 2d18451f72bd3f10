// Ready-to-paste calls of a collection's endpoints, with this instance's real origin and an
// example body built from the collection's fields: curl, fetch, and @stagecraft/client (the SDK;
// its calls follow libs/client/src/collection.ts).
import type { CollectionDefinition, FieldDefinition, JsonValue } from '../../api';

export type SnippetLanguage = 'curl' | 'fetch' | 'sdk';

export interface Snippet {
  title: string;
  curl: string;
  fetch: string;
  /** Uses the collection as set up by `sdkSetup`. */
  sdk: string;
}

function exampleValue(field: FieldDefinition): JsonValue | undefined {
  const o = field.options;
  switch (field.type) {
    case 'text':
    case 'long_text':
      return `Example ${field.name}`;
    case 'email':
      return 'ada@example.com';
    case 'url':
      return 'https://example.com';
    case 'integer':
      return typeof o.min === 'number' ? o.min : 1;
    case 'number':
      return typeof o.min === 'number' ? o.min : 9.5;
    case 'boolean':
      return true;
    case 'date':
      return '2026-01-31';
    case 'datetime':
      return '2026-01-31T12:00:00Z';
    case 'json':
      return { key: 'value' };
    case 'select':
      return o.values?.[0] ?? null;
    case 'multi_select':
      return o.values?.slice(0, 1) ?? [];
    case 'relation':
      if (o.kind === 'one_to_many') return undefined;
      return o.kind === 'many_to_many' ? ['<related id>'] : '<related id>';
    case 'secret':
      return 's3cret-value';
    case 'file':
      // Files travel as multipart parts; a JSON body only references uploads, as a required field must.
      if (!o.required) return undefined;
      return o.multiple ? [{ upload: '<upload id>' }] : { upload: '<upload id>' };
  }
}

export function exampleBody(collection: CollectionDefinition): Record<string, JsonValue> {
  const body: Record<string, JsonValue> = {};
  for (const field of collection.fields) {
    if (field.system || field.options.readOnly) continue;
    const value = exampleValue(field);
    if (value !== undefined) body[field.name] = value;
  }
  return body;
}

/** A filter that makes sense for the collection, for the list example. */
function exampleFilter(collection: CollectionDefinition): string | undefined {
  const text = collection.fields.find(
    (field) => ['text', 'email', 'url'].includes(field.type) && !field.options.hidden,
  );
  if (text) return `${text.name} ~ "a"`;
  return undefined;
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A single-quoted JavaScript string. */
function jsString(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

const RESERVED_WORDS = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof let new null return static super switch this throw true try typeof var void while with yield'.split(
    ' ',
  ),
);

/** The variable the SDK snippets keep the collection in: its name in camelCase (`blog_posts` → `blogPosts`). */
function sdkVariable(collection: CollectionDefinition): string {
  const name = collection.name.replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  return RESERVED_WORDS.has(name) ? `${name}Records` : name;
}

/** What the SDK snippets start from: the client, signed in, and the collection. */
export function sdkSetup(origin: string, collection: CollectionDefinition): string {
  return [
    `import { createClient } from '@stagecraft/client';`,
    `// Schema: your collections' types, written by \`npm run stagecraft -- gen types --out src/stagecraft.d.ts\``,
    `import type { Schema } from './stagecraft';`,
    ``,
    `const client = createClient<Schema>(${jsString(origin)});`,
    `// A server or script can send an API key instead: createClient<Schema>(origin, { apiKey })`,
    `await client.auth.login({ email: 'you@example.com', password: 'your password' });`,
    `const ${sdkVariable(collection)} = client.collection(${jsString(collection.name)});`,
  ].join('\n');
}

export function buildSnippets(origin: string, collection: CollectionDefinition): Snippet[] {
  const base = `${origin}/api/v1/collections/${collection.name}/records`;
  // Double quotes: the shell must expand the variable (single quotes would send it as written).
  const auth = '"Authorization: Bearer $STAGECRAFT_TOKEN"';
  const filter = exampleFilter(collection);
  const params = [...(filter ? [`filter=${filter}`] : []), 'sort=-created_at', 'limit=20'];
  const example = exampleBody(collection);
  const body = JSON.stringify(example, null, 2);
  const jsHeaders = `{ Authorization: \`Bearer \${token}\`, 'Content-Type': 'application/json' }`;
  const records = sdkVariable(collection);
  const listQuery = [...(filter ? [`filter: ${jsString(filter)}`] : []), `sort: ['-created_at']`, 'limit: 20'];
  const [firstChange] = Object.entries(example);
  const changes = JSON.stringify(firstChange ? Object.fromEntries([firstChange]) : {}); // one field, for the update
  return [
    {
      title: 'List records (filtered, sorted, paginated)',
      curl: `curl -s -G ${shellQuote(base)} \\\n${params.map((param) => `  --data-urlencode ${shellQuote(param)} \\\n`).join('')}  -H ${auth}`,
      fetch: `const url = new URL('${base}');\n${filter ? `url.searchParams.set('filter', ${JSON.stringify(filter)});\n` : ''}url.searchParams.set('sort', '-created_at');\nconst res = await fetch(url, { headers: { Authorization: \`Bearer \${token}\` } });\nconst { data, meta } = await res.json();`,
      sdk: `const { data, meta } = await ${records}.list({\n${listQuery.map((option) => `  ${option},\n`).join('')}});`,
    },
    {
      title: 'Get one record',
      curl: `curl -s ${shellQuote(`${base}/RECORD_ID`)} \\\n  -H ${auth}`,
      fetch: `const res = await fetch(\`${base}/\${id}\`, { headers: { Authorization: \`Bearer \${token}\` } });\nconst etag = res.headers.get('ETag'); // send back as If-Match to update safely\nconst { data } = await res.json();`,
      sdk: `const record = await ${records}.get(id); // record.version: pass { ifMatch: record } to update safely`,
    },
    {
      title: 'Create a record',
      curl: `curl -s -X POST ${shellQuote(base)} \\\n  -H ${auth} \\\n  -H 'Content-Type: application/json' \\\n  -d ${shellQuote(body)}`,
      fetch: `const res = await fetch('${base}', {\n  method: 'POST',\n  headers: ${jsHeaders},\n  body: JSON.stringify(${body.replace(/\n/g, '\n  ')}),\n});\nconst { data } = await res.json(); // 400: a problem document naming each field`,
      sdk: `const record = await ${records}.create(${body}); // refused: a StagecraftError naming each field in error.errors`,
    },
    {
      title: 'Update a record (only if unchanged since it was read)',
      curl: `curl -s -X PATCH ${shellQuote(`${base}/RECORD_ID`)} \\\n  -H ${auth} \\\n  -H 'Content-Type: application/json' \\\n  -H 'If-Match: "1"' \\\n  -d '{}'`,
      fetch: `const res = await fetch(\`${base}/\${id}\`, {\n  method: 'PATCH',\n  headers: { ...${jsHeaders}, 'If-Match': etag },\n  body: JSON.stringify(changes),\n});\nif (res.status === 412) { /* changed by someone else: reload and retry */ }`,
      sdk: `// ifMatch: the record as read (or its version); changed by someone else: a StagecraftError, PRECONDITION_FAILED\nconst updated = await ${records}.update(record.id, ${changes}, { ifMatch: record });`,
    },
    {
      title: 'Subscribe to changes (server-sent events)',
      curl: `# 1. open the stream; its first event (connect) names the connection\ncurl -N ${shellQuote(`${origin}/api/v1/realtime`)} \\\n  -H ${auth}\n# 2. in another shell, subscribe it to ${collection.name}\ncurl -s -X POST ${shellQuote(`${origin}/api/v1/realtime/CLIENT_ID/subscriptions`)} \\\n  -H ${auth} \\\n  -H 'Content-Type: application/json' \\\n  -d ${shellQuote(JSON.stringify({ subscriptions: [{ topic: collection.name }] }))}`,
      fetch: `// Browsers cannot send headers with EventSource: trade the token for a single-use ticket.\nconst { ticket } = await (await fetch('${origin}/api/v1/realtime/ticket', { method: 'POST', headers: { Authorization: \`Bearer \${token}\` } })).json();\nconst source = new EventSource(\`${origin}/api/v1/realtime?ticket=\${ticket}\`);\nsource.addEventListener('connect', async (event) => {\n  const { clientId } = JSON.parse(event.data);\n  await fetch(\`${origin}/api/v1/realtime/\${clientId}/subscriptions\`, {\n    method: 'POST',\n    headers: ${jsHeaders},\n    body: JSON.stringify({ subscriptions: [{ topic: '${collection.name}' }] }),\n  });\n});\nsource.addEventListener('change', (event) => {\n  const { action, id, record } = JSON.parse(event.data); // create | update | delete | leave\n});`,
      sdk: `// One connection for every subscription; it reconnects and resumes by itself.\nconst subscription = await ${records}.subscribe({}, (event) => {\n  // event.action: create | update | delete | leave, or reset (refetch what you show)\n  if (event.action === 'create' || event.action === 'update') console.log(event.id, event.record);\n});\n// later: await subscription.unsubscribe();`,
    },
    {
      title: 'Delete a record',
      curl: `curl -s -X DELETE ${shellQuote(`${base}/RECORD_ID`)} \\\n  -H ${auth}`,
      fetch: `await fetch(\`${base}/\${id}\`, { method: 'DELETE', headers: { Authorization: \`Bearer \${token}\` } });`,
      sdk: `await ${records}.delete(id);`,
    },
  ];
}
