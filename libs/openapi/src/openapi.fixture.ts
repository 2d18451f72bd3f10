// A blog schema for the specs: users plus two related collections that together use every field
// type, every relation kind and the hidden, read-only, secret and file cases. Not exported.
import type { CollectionDefinition } from '@stagecraft/schema';
import { makeCollection, makeField, makeUsers } from '../../schema/src/testing/schema-fixtures.js';

export const users = makeUsers([makeField(101, 'display_name', 'text', { maxLength: 80 })]);

export const blogPosts = makeCollection(
  1,
  'blog_posts',
  [
    makeField(1, 'title', 'text', { required: true, maxLength: 12, unique: true }),
    makeField(2, 'slug', 'text', { pattern: '^[a-z0-9-]+$' }),
    makeField(3, 'body', 'long_text', { minLength: 10 }),
    makeField(4, 'views', 'integer', { min: 0, max: 5, required: true }),
    makeField(5, 'price', 'number', { precision: 5, scale: 2, min: 0 }),
    makeField(6, 'published', 'boolean', { default: false, required: true }),
    makeField(7, 'publish_on', 'date', { min: '2030-01-01' }),
    makeField(8, 'published_at', 'datetime', { default: 'now' }),
    makeField(9, 'meta', 'json', {}),
    makeField(10, 'contact', 'email', {}),
    makeField(11, 'website', 'url', {}),
    makeField(12, 'status', 'select', { values: ['draft', 'live'], required: true }),
    makeField(13, 'tags', 'multi_select', { values: ['news', 'sale'], maxSelect: 2 }),
    makeField(14, 'author', 'relation', { kind: 'many_to_one', target: 'users', onDelete: 'restrict', required: true }),
    makeField(15, 'editors', 'relation', { kind: 'many_to_many', target: 'users' }),
    makeField(16, 'comments', 'relation', { kind: 'one_to_many', target: 'comments', via: 'post' }),
    makeField(17, 'api_secret', 'secret', { required: true, minLength: 16 }),
    makeField(18, 'internal_notes', 'text', { hidden: true }),
    makeField(19, 'score', 'integer', { readOnly: true }),
    makeField(20, 'cover', 'file', { mimeTypes: ['image/*'], maxSize: 1048576, thumbs: ['100x100'] }),
    makeField(21, 'attachments', 'file', { multiple: true, maxFiles: 4, protected: true }),
  ],
  { label: 'Blog posts', description: 'Articles shown on the site.' },
);

export const comments = makeCollection(2, 'comments', [
  makeField(30, 'body', 'text', { required: true }),
  makeField(31, 'post', 'relation', { kind: 'many_to_one', target: 'blog_posts', onDelete: 'cascade', required: true }),
  makeField(32, 'commenter', 'relation', { kind: 'many_to_one', target: 'users', onDelete: 'set_null' }),
  makeField(33, 'moderator', 'relation', { kind: 'many_to_one', target: 'users', onDelete: 'set_null', hidden: true }),
]);

export const blogSchema: CollectionDefinition[] = [users, blogPosts, comments];

/** What @nestjs/swagger builds before the records API is merged in, reduced to the essentials. */
export function staticDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Stagecraft API', version: '1' },
    servers: [{ url: 'https://api.example.com' }],
    paths: {
      '/health/live': {
        get: { operationId: 'HealthController_live', responses: { '200': { description: 'Alive' } } },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: { HealthDto: { type: 'object', properties: { status: { type: 'string' } } } },
    },
    tags: [{ name: 'ops', description: 'Health and metrics' }],
  };
}
