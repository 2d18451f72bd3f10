// The "how to call it" examples use the real origin and a body built from the fields; the SDK ones
// call @stagecraft/client as libs/client/src/collection.ts defines it.
import { describe, expect, it } from 'vitest';
import type { CollectionDefinition } from '../../api';
import { buildSnippets, exampleBody, sdkSetup } from './snippets';

const books: CollectionDefinition = {
  id: 'c',
  name: 'books',
  label: 'Books',
  description: '',
  system: false,
  rules: { list: null, view: null, create: null, update: null, delete: null },
  cache: null,
  fields: [
    { id: '1', name: 'title', type: 'text', options: {}, position: 0, system: false },
    { id: '2', name: 'price', type: 'number', options: { min: 1 }, position: 1, system: false },
    { id: '3', name: 'genre', type: 'select', options: { values: ['fiction'] }, position: 2, system: false },
    {
      id: '4',
      name: 'author',
      type: 'relation',
      options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' },
      position: 3,
      system: false,
    },
    {
      id: '5',
      name: 'reviews',
      type: 'relation',
      options: { kind: 'one_to_many', target: 'reviews', via: 'book' },
      position: 4,
      system: false,
    },
    { id: '6', name: 'stamp', type: 'datetime', options: { readOnly: true }, position: 5, system: false },
  ],
};

describe('snippets', () => {
  it('builds an example body from writable fields', () => {
    expect(exampleBody(books)).toEqual({ title: 'Example title', price: 1, genre: 'fiction', author: '<related id>' });
  });

  it('uses the origin, url-encodes the filter with curl -G, and quotes for the shell', () => {
    const [list, , create] = buildSnippets('https://api.example.com', books);
    expect(list?.curl).toContain("curl -s -G 'https://api.example.com/api/v1/collections/books/records'");
    expect(list?.curl).toContain(`--data-urlencode 'filter=title ~ "a"'`);
    expect(list?.fetch).toContain('url.searchParams.set(\'filter\', "title ~ \\"a\\"");');
    expect(create?.curl).toContain("-X POST 'https://api.example.com/api/v1/collections/books/records'");
    expect(create?.curl).toContain('"title": "Example title"');
  });

  it('subscribes to the collection over SSE, with a ticket in the browser', () => {
    const subscribe = buildSnippets('https://api.example.com', books).find((snippet) =>
      snippet.title.startsWith('Subscribe'),
    );
    expect(subscribe?.curl).toContain("curl -N 'https://api.example.com/api/v1/realtime'");
    expect(subscribe?.curl).toContain(`-d '{"subscriptions":[{"topic":"books"}]}'`);
    expect(subscribe?.fetch).toContain("fetch('https://api.example.com/api/v1/realtime/ticket'");
    expect(subscribe?.fetch).toContain('new EventSource(`https://api.example.com/api/v1/realtime?ticket=${ticket}`)');
    expect(subscribe?.fetch).toContain("subscriptions: [{ topic: 'books' }]");
  });
});

describe('SDK snippets', () => {
  const snippets = buildSnippets('https://api.example.com', books);
  const sdk = (title: string) => snippets.find((snippet) => snippet.title.startsWith(title))?.sdk;

  it('set up a typed client on the origin, signed in, with the collection', () => {
    const setup = sdkSetup('https://api.example.com', books);
    expect(setup).toContain("import { createClient } from '@stagecraft/client';");
    expect(setup).toContain('npm run stagecraft -- gen types');
    expect(setup).toContain("const client = createClient<Schema>('https://api.example.com');");
    expect(setup).toContain("await client.auth.login({ email: 'you@example.com', password: 'your password' });");
    expect(setup).toContain("const books = client.collection('books');");
  });

  it('call the SDK with its option shapes: sort as a list, the same example body, ifMatch', () => {
    expect(sdk('List')).toBe(
      "const { data, meta } = await books.list({\n  filter: 'title ~ \"a\"',\n  sort: ['-created_at'],\n  limit: 20,\n});",
    );
    expect(sdk('Get')).toContain('await books.get(id);');
    expect(sdk('Create')).toContain(`await books.create(${JSON.stringify(exampleBody(books), null, 2)});`);
    expect(sdk('Update')).toContain('await books.update(record.id, {"title":"Example title"}, { ifMatch: record });');
    expect(sdk('Subscribe')).toContain('await books.subscribe({}, (event) => {');
    expect(sdk('Delete')).toBe('await books.delete(id);');
  });

  it('name the collection variable in camelCase, never a reserved word', () => {
    expect(sdkSetup('', { ...books, name: 'blog_posts' })).toContain(
      "const blogPosts = client.collection('blog_posts');",
    );
    expect(buildSnippets('', { ...books, name: 'delete' }).at(-1)?.sdk).toBe('await deleteRecords.delete(id);');
  });
});
