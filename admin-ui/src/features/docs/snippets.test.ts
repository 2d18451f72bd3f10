// The "how to call it" examples use the real origin and a body built from the fields.
import { describe, expect, it } from 'vitest';
import type { CollectionDefinition } from '../../api';
import { buildSnippets, exampleBody } from './snippets';

const books: CollectionDefinition = {
  id: 'c',
  name: 'books',
  label: 'Books',
  description: '',
  system: false,
  rules: { list: null, view: null, create: null, update: null, delete: null },
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
