// The GraphQL example names what the server's schema names (libs/graphql/src/names.ts) and selects
// only fields the schema has.
import { describe, expect, it } from 'vitest';
import type { CollectionDefinition } from '../../api';
import { graphiqlHref, graphqlCurl, graphqlListQuery, graphqlTypeName } from './graphql-snippet';

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
    { id: '2', name: 'notes', type: 'text', options: { hidden: true }, position: 1, system: false },
    { id: '3', name: 'api_key', type: 'secret', options: {}, position: 2, system: false },
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
      name: 'tags',
      type: 'relation',
      options: { kind: 'many_to_many', target: 'tags' },
      position: 4,
      system: false,
    },
    {
      id: '6',
      name: 'reviews',
      type: 'relation',
      options: { kind: 'one_to_many', target: 'reviews', via: 'book' },
      position: 5,
      system: false,
    },
    { id: '7', name: 'cover', type: 'file', options: {}, position: 6, system: false },
  ],
};

describe('graphqlTypeName', () => {
  it.each([
    ['books', 'Books'],
    ['blog_posts', 'BlogPosts'],
    ['post_2025', 'Post2025'],
    ['a__b_', 'AB'],
    ['query', 'QueryRecord'],
    ['date_time', 'DateTimeRecord'],
    ['count_mode', 'CountModeRecord'],
    ['json', 'Json'],
    ['uuid', 'Uuid'],
  ])('%s → %s', (collection, type) => {
    expect(graphqlTypeName(collection)).toBe(type);
  });

  it('settles names that meet as the server does: the collection sorted first keeps its own', () => {
    const all = ['fresh_page', 'fresh'];
    expect(graphqlTypeName('fresh', all)).toBe('Fresh');
    expect(graphqlTypeName('fresh_page', all)).toBe('FreshPageRecord');
    expect(graphqlTypeName('fresh_page', ['fresh_page'])).toBe('FreshPage');
  });
});

describe('GraphQL example', () => {
  it('lists ten records with the readable fields, a many-to-one relation by id', () => {
    expect(graphqlListQuery(books)).toBe(
      [
        '{',
        '  books(limit: 10) {',
        '    items {',
        '      id',
        '      title',
        '      author { id }',
        '      cover',
        '    }',
        '    nextCursor',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('posts the query as JSON on one line, with the token from the shell', () => {
    expect(graphqlCurl('https://api.example.com', graphqlListQuery(books))).toBe(
      [
        "curl -s -X POST 'https://api.example.com/api/v1/graphql' \\",
        '  -H "Authorization: Bearer $STAGECRAFT_TOKEN" \\',
        "  -H 'Content-Type: application/json' \\",
        `  -d '{"query":"{ books(limit: 10) { items { id title author { id } cover } nextCursor } }"}'`,
      ].join('\n'),
    );
  });

  it('opens GraphiQL on the query', () => {
    expect(graphiqlHref('{ books { items { id } } }')).toBe(
      '/api/graphql?query=%7B%20books%20%7B%20items%20%7B%20id%20%7D%20%7D%20%7D',
    );
  });
});
