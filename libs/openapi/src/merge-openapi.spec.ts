import SwaggerParser from '@apidevtools/swagger-parser';
import fc from 'fast-check';
import { buildRecordsOpenApi } from './build-records-openapi.js';
import { mergeOpenApi } from './merge-openapi.js';
import { blogSchema, staticDocument } from './openapi.fixture.js';
import { collectRefs, resolvePointer } from './openapi-walk.fixture.js';
import { schemaArbitrary } from './schema-arbitrary.fixture.js';

const generated = () => buildRecordsOpenApi(blogSchema, { publicUrl: 'https://api.example.com' });

describe('mergeOpenApi', () => {
  it('produces a document that validates as OpenAPI 3.1', async () => {
    const merged = mergeOpenApi(staticDocument(), generated());
    const api = await SwaggerParser.validate(structuredClone(merged) as never);
    expect(api).toHaveProperty('openapi', '3.1.0');
  });

  it('validates for random schemas too', async () => {
    await fc.assert(
      fc.asyncProperty(schemaArbitrary, async (collections) => {
        const merged = mergeOpenApi(staticDocument(), buildRecordsOpenApi(collections, { publicUrl: 'http://x' }));
        await expect(SwaggerParser.validate(structuredClone(merged) as never)).resolves.toBeDefined();
      }),
      { numRuns: 25 },
    );
  });

  it('resolves every $ref of the merged document', () => {
    const merged = mergeOpenApi(staticDocument(), generated());
    const unresolved = collectRefs(merged).filter((ref) => resolvePointer(merged, ref) === undefined);
    expect(unresolved).toEqual([]);
  });

  it("keeps the static document's paths, schemas, security schemes and tags", () => {
    const merged = mergeOpenApi(staticDocument(), generated());
    expect(Object.keys(merged.paths)).toEqual([
      '/health/live',
      '/api/v1/collections/blog_posts/records',
      '/api/v1/collections/blog_posts/records/{id}',
      '/api/v1/collections/comments/records',
      '/api/v1/collections/comments/records/{id}',
      '/api/v1/collections/users/records',
      '/api/v1/collections/users/records/{id}',
    ]);
    expect(merged.components.securitySchemes).toEqual(staticDocument().components.securitySchemes);
    expect(merged.components.schemas).toMatchObject(staticDocument().components.schemas);
    expect(merged.tags.map((tag) => tag.name)).toEqual(['ops', 'Blog posts', 'comments', 'users']);
    expect(merged.info).toEqual(staticDocument().info);
  });

  it('never overwrites what the static document declares', () => {
    const base = staticDocument();
    const ownSchema = { type: 'object' as const, description: 'static' };
    const ownList = { get: { operationId: 'custom', responses: { '200': { description: 'ok' } } } };
    const withClashes = {
      ...base,
      paths: { ...base.paths, '/api/v1/collections/users/records': ownList },
      components: { ...base.components, schemas: { ...base.components.schemas, Problem: ownSchema } },
      tags: [...base.tags, { name: 'users', description: 'static users' }],
    };
    const merged = mergeOpenApi(withClashes, generated());
    expect(merged.components.schemas['Problem']).toEqual(ownSchema);
    const users = merged.paths['/api/v1/collections/users/records'] as Record<string, { operationId: string }>;
    expect(users['get']!.operationId).toBe('custom');
    expect(users['post']!.operationId).toBe('createUsersRecord');
    expect(merged.tags.filter((tag) => tag.name === 'users')).toEqual([{ name: 'users', description: 'static users' }]);
  });

  it('mutates neither input, and the result shares no objects with them', () => {
    const base = staticDocument();
    const fragment = generated();
    const [baseCopy, fragmentCopy] = [structuredClone(base), structuredClone(fragment)];
    const merged = mergeOpenApi(base, fragment);
    expect(base).toEqual(baseCopy);
    expect(fragment).toEqual(fragmentCopy);
    merged.components.securitySchemes.bearer.scheme = 'changed';
    (merged.paths as Record<string, { get?: { operationId: string } }>)[
      '/api/v1/collections/users/records'
    ]!.get!.operationId = 'changed';
    expect(base).toEqual(baseCopy);
    expect(fragment).toEqual(fragmentCopy);
  });

  it('adds the webhook requests, keeping any the static document declares', () => {
    const own = { post: { summary: 'declared by hand', responses: {} } };
    const merged = mergeOpenApi({ ...staticDocument(), webhooks: { 'webhook.test': own } }, generated());
    expect(Object.keys(merged.webhooks)).toEqual([
      'webhook.test',
      'record.blog_posts',
      'record.comments',
      'record.users',
    ]);
    expect(merged.webhooks['webhook.test']).toEqual(own);
  });

  it('accepts a document without components or tags', () => {
    const merged = mergeOpenApi({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }, generated());
    expect(Object.keys(merged.paths)).toHaveLength(6);
    expect(merged.components.schemas).toHaveProperty('UsersRecord');
  });
});
