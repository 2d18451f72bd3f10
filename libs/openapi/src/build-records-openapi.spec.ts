import fc from 'fast-check';
import { validateSchema } from '@stagecraft/schema';
import { buildRecordsOpenApi } from './build-records-openapi.js';
import { typeStems } from './names.js';
import { blogPosts, blogSchema, comments, users } from './openapi.fixture.js';
import { collectRefs, operations, resolvePointer } from './openapi-walk.fixture.js';
import { schemaArbitrary } from './schema-arbitrary.fixture.js';

const options = { publicUrl: 'https://api.example.com/' };

describe('buildRecordsOpenApi on the blog fixture', () => {
  const generated = buildRecordsOpenApi(blogSchema, options);
  const schemas = generated.components.schemas;

  it('starts from a valid schema', () => {
    expect(validateSchema(blogSchema)).toEqual([]);
  });

  it('matches the snapshot', () => {
    expect(generated).toMatchSnapshot();
  });

  it('does not depend on the order collections come in', () => {
    expect(buildRecordsOpenApi([comments, blogPosts, users], options)).toEqual(generated);
  });

  it('names schemas after the collection in PascalCase', () => {
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'BlogPostsRecord',
        'BlogPostsCreate',
        'BlogPostsUpdate',
        'BlogPostsExpand',
        'BlogPostsListResponse',
        'BlogPostsRecordResponse',
        'BlogPostsRecordsResponse',
        'UsersRecord',
        'CommentsRecord',
        'Problem',
      ]),
    );
  });

  it('gives a record its system fields, readable values and expand object', () => {
    const record = schemas['BlogPostsRecord']!;
    expect(Object.keys(record.properties!)).toEqual([
      'id',
      'created_at',
      'updated_at',
      'created_by',
      'version',
      'title',
      'slug',
      'body',
      'views',
      'price',
      'published',
      'publish_on',
      'published_at',
      'meta',
      'contact',
      'website',
      'status',
      'tags',
      'author',
      'editors',
      'score',
      'cover',
      'attachments',
      'expand',
    ]);
    expect(record.properties!['author']).toEqual({ type: 'string', format: 'uuid', maxLength: 36 });
    expect(record.properties!['editors']).toEqual({
      type: 'array',
      items: { type: 'string', format: 'uuid', maxLength: 36 },
      uniqueItems: true,
      maxItems: 1000,
    });
    // An expanded many-to-many lists at most what the field holds; a one-to-many is unbounded.
    expect(schemas['BlogPostsExpand']!.properties).toEqual({
      author: { $ref: '#/components/schemas/UsersRecord' },
      editors: { type: 'array', items: { $ref: '#/components/schemas/UsersRecord' }, maxItems: 1000 },
      comments: { type: 'array', items: { $ref: '#/components/schemas/CommentsRecord' } },
    });
  });

  it('accepts writable fields on create, requiring those without a default', () => {
    const create = schemas['BlogPostsCreate']!;
    expect(create.additionalProperties).toBe(false);
    expect(create.required).toEqual(['title', 'views', 'status', 'author', 'api_secret']);
    expect(Object.keys(create.properties!)).toContain('internal_notes');
    expect(Object.keys(create.properties!)).not.toContain('score');
    expect(Object.keys(create.properties!)).not.toContain('comments');
    expect(create.properties!['api_secret']).toMatchObject({ writeOnly: true });
    const update = schemas['BlogPostsUpdate']!;
    expect(update.required).toBeUndefined();
    expect(update.additionalProperties).toBe(false);
    expect(Object.keys(update.properties!)).toEqual(Object.keys(create.properties!));
  });

  it('builds create examples from the field types', () => {
    expect(schemas['BlogPostsCreate']!.example).toEqual({
      title: 'Example titl',
      body: 'A longer example body, in plain text.',
      views: 5,
      price: 9.99,
      published: false,
      publish_on: '2030-01-01',
      published_at: '2024-05-17T09:30:00Z',
      meta: { key: 'value' },
      contact: 'jane@example.com',
      website: 'https://example.com/page',
      status: 'draft',
      tags: ['news'],
      author: expect.stringMatching(/^[0-9a-f-]{36}$/),
      editors: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
      api_secret: 's3cret-valuexxxx',
      internal_notes: 'Example internal notes',
    });
  });

  it('describes the webhook request of each collection, its record typed, and of test sends', () => {
    expect(Object.keys(generated.webhooks)).toEqual([
      'webhook.test',
      'record.blog_posts',
      'record.comments',
      'record.users',
    ]);
    const post = generated.webhooks['record.blog_posts']!.post!;
    expect(post.operationId).toBe('receiveBlogPostsRecordEvent');
    expect(post.requestBody!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/BlogPostsRecordEvent',
    });
    expect(post.parameters).toEqual([
      { $ref: '#/components/parameters/WebhookId' },
      { $ref: '#/components/parameters/WebhookTimestamp' },
      { $ref: '#/components/parameters/WebhookSignature' },
    ]);
    expect(Object.keys(post.responses).sort()).toEqual(['2XX', '410', 'default']);
    const imageRef = (collection: string): unknown => {
      const event = schemas[`${collection}RecordEvent`]!;
      const data = event.properties!['data'] as { properties: Record<string, { anyOf: unknown[] }> };
      expect(data.properties['previous']!.anyOf).toEqual(data.properties['record']!.anyOf);
      return data.properties['record']!.anyOf;
    };
    const event = schemas['BlogPostsRecordEvent']!;
    const data = event.properties!['data'] as { properties: Record<string, unknown> };
    expect(data.properties['collection']).toEqual({ type: 'string', const: 'blog_posts' });
    // Events carry the row: a many-to-many field (editors) is not in it, so they get an image.
    expect(imageRef('BlogPosts')).toEqual([{ $ref: '#/components/schemas/BlogPostsRecordImage' }, { type: 'null' }]);
    const image = schemas['BlogPostsRecordImage']!;
    expect(Object.keys(image.properties!)).toEqual(
      Object.keys(schemas['BlogPostsRecord']!.properties!).filter((name) => !['editors', 'expand'].includes(name)),
    );
    expect(image.required).not.toContain('editors');
    // Comments has only columns: its events use the record schema itself.
    expect(imageRef('Comments')).toEqual([{ $ref: '#/components/schemas/CommentsRecord' }, { type: 'null' }]);
    expect(schemas).not.toHaveProperty('CommentsRecordImage');
    expect(generated.webhooks['webhook.test']!.post!.requestBody!.content['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/WebhookTestEvent',
    });
  });

  it('documents filter, sort, fields and expand per collection', () => {
    const list = generated.paths['/api/v1/collections/blog_posts/records']!.get!;
    const param = (name: string) => list.parameters!.find((p) => 'name' in p && p.name === name);
    const filter = param('filter') as { description: string };
    expect(filter.description).toContain('- `title`: `=`, `!=`, `~`, `!~`, `in`, `!in`');
    expect(filter.description).toContain('- `tags`: `?=`');
    expect(filter.description).not.toContain('`api_secret`');
    expect(filter.description).not.toContain('`internal_notes`');
    expect((param('sort') as { description: string }).description).toContain(
      'Sortable fields: `id`, `created_at`, `updated_at`, `title`, `slug`, `views`, `price`, `published`, `publish_on`, `published_at`, `contact`, `website`, `status`, `author`, `score`.',
    );
    expect((param('expand') as { description: string }).description).toContain(
      'Relation fields: `author`, `editors`, `comments`.',
    );
    expect(list.description).toContain('https://api.example.com/api/v1/collections/blog_posts/records?');
  });
});

describe('buildRecordsOpenApi properties', () => {
  it('resolves every $ref, documents every collection and keeps operationIds unique', () => {
    fc.assert(
      fc.property(schemaArbitrary, (collections) => {
        const generated = buildRecordsOpenApi(collections, options);
        const document = { components: generated.components };
        for (const ref of collectRefs(generated))
          expect([ref, resolvePointer(document, ref)]).not.toEqual([ref, undefined]);
        for (const { name } of collections) {
          const list = generated.paths[`/api/v1/collections/${name}/records`];
          const item = generated.paths[`/api/v1/collections/${name}/records/{id}`];
          expect(Object.keys(list ?? {}).sort()).toEqual(['delete', 'get', 'patch', 'post']);
          expect(Object.keys(item ?? {}).sort()).toEqual(['delete', 'get', 'parameters', 'patch', 'put']);
        }
        const ids = operations(generated.paths).map(({ op }) => op.operationId);
        expect(ids).toHaveLength(collections.length * 8);
        const webhookIds = operations(generated.webhooks).map(({ op }) => op.operationId);
        expect(webhookIds).toHaveLength(collections.length + 1);
        expect(new Set([...ids, ...webhookIds]).size).toBe(ids.length + webhookIds.length);
        expect(generated.tags.map((t) => t.name)).toHaveLength(new Set(generated.tags.map((t) => t.name)).size);
        const stems = typeStems(collections);
        for (const { name } of collections)
          expect(generated.components.schemas).toHaveProperty(`${stems.get(name)!}Record`);
      }),
      { numRuns: 100 },
    );
  });

  it('never shows hidden or secret fields in a record', () => {
    fc.assert(
      fc.property(schemaArbitrary, (collections) => {
        const { components } = buildRecordsOpenApi(collections, options);
        const stems = typeStems(collections);
        for (const collection of collections) {
          const record = components.schemas[`${stems.get(collection.name)!}Record`]!;
          const properties = Object.keys(record.properties!);
          for (const field of collection.fields) {
            const unseen =
              field.type === 'secret' ||
              (field.options.hidden ?? false) ||
              (field.type === 'relation' && field.options.kind === 'one_to_many');
            if (unseen) expect(properties).not.toContain(field.name);
            else expect(properties).toContain(field.name);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('lists the errors each operation can answer, with the three security options', () => {
    const generated = buildRecordsOpenApi(blogSchema, options);
    const writes = ['post', 'patch', 'put'];
    for (const { method, path, op } of operations(generated.paths)) {
      const errors = Object.keys(op.responses).filter((status) => /^[45]/.test(status));
      expect(errors).toEqual(expect.arrayContaining(['400', '401', '403', '404', '500']));
      // Records are not rate limited, so no operation claims a 429.
      expect(errors).not.toContain('429');
      // Only a body can be too large or clash with stored data; only a record path takes If-Match.
      expect(errors.includes('413')).toBe(writes.includes(method));
      expect(errors.includes('422')).toBe(writes.includes(method));
      expect(errors.includes('409')).toBe(method !== 'get');
      expect(errors.includes('412')).toBe(path.endsWith('{id}') && method !== 'get');
      expect(op.security).toEqual([{ bearer: [] }, { apiKey: [] }, {}]);
    }
  });

  it('bounds a bulk create by the configured BULK_CREATE_MAX', () => {
    const generated = buildRecordsOpenApi(blogSchema, { ...options, bulkCreateMax: 50 });
    const body = generated.paths['/api/v1/collections/blog_posts/records']!.post!.requestBody!.content[
      'application/json'
    ]!.schema as { oneOf: { maxItems?: number }[] };
    expect(body.oneOf.map((schema) => schema.maxItems)).toEqual([undefined, 50]);
    expect(generated.components.schemas['BlogPostsRecordsResponse']!.properties!['data']).toMatchObject({
      maxItems: 50,
    });
  });

  it('bounds every string, array and integer a client sends or reads', () => {
    const generated = buildRecordsOpenApi(blogSchema, options);
    const unbounded: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((child, index) => visit(child, `${at}.${index}`));
      if (typeof node !== 'object' || node === null) return;
      const schema = node as {
        type?: unknown;
        maxLength?: number;
        enum?: unknown;
        const?: unknown;
        maxItems?: number;
        format?: string;
        minimum?: number;
        maximum?: number;
      };
      const types = [schema.type].flat();
      const bounded = schema.enum !== undefined || schema.const !== undefined;
      if (types.includes('string') && schema.maxLength === undefined && !bounded) unbounded.push(at);
      if (types.includes('array') && schema.maxItems === undefined) unbounded.push(at);
      const integerBounded =
        schema.format !== undefined && schema.minimum !== undefined && schema.maximum !== undefined;
      if (types.includes('integer') && !integerBounded) unbounded.push(at);
      for (const [key, child] of Object.entries(node)) visit(child, `${at}.${key}`);
    };
    visit(generated, '');
    // Waived in .spectral-exceptions.yaml, each with its reason.
    const waived = [
      /^\.components\.schemas\.(Problem|ProblemFieldError)\./,
      /\.(cursor|nextCursor)$/,
      /^\.components\.parameters\.(RecordsCursor|IfMatch|IfNoneMatch)\.schema$/,
      /^\.components\.schemas\.\w+Expand\.properties\.comments$/,
    ];
    expect(unbounded.filter((at) => !waived.some((pattern) => pattern.test(at)))).toEqual([]);
  });
});
