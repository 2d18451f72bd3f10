// The live OpenAPI document of an instance with every field type and every option that changes
// the document, linted as an outside reviewer would: Spectral's OpenAPI rules and the OWASP API
// Security rules (.spectral.yaml) through `npm run lint:openapi`'s script. Every error or warning
// fails unless .spectral-exceptions.yaml waives it with a reason, and every waiver must still be
// needed. The bounds the document states are then checked against the server.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIELD_TYPE_NAMES } from '@stagecraft/schema';
import {
  createTestEnvironment,
  httpClient,
  REPO_ROOT,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import { setupAdmin, type TestSession } from './support/identity.js';

interface Finding {
  rule: string;
  severity: string;
  path: string;
  message: string;
}

interface LintReport {
  findings: Finding[];
  waived: Finding[];
  unusedExceptions: { rule: string; at: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is checked by the linter, not typed here
type OpenApiDocument = any;

/** Runs the same script as `npm run lint:openapi` on a document, as CI and developers do. */
function lint(dir: string, document: OpenApiDocument, name = 'openapi.json'): LintReport {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(document));
  const run = spawnSync(process.execPath, [resolve(REPO_ROOT, 'scripts/lint-openapi.mjs'), file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`lint-openapi failed to run: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintReport;
}

const AUTHORS = {
  name: 'authors',
  label: 'Writers',
  description: 'People who write.',
  rules: { list: '', view: '' },
  cache: { ttl: 60 }, // documents X-Cache and Cache-Control on its reads
  fields: [
    { name: 'name', type: 'text', options: { required: true, maxLength: 100, unique: true } },
    { name: 'bio', type: 'long_text', options: { minLength: 1 } },
  ],
};

/** Every field type, each with and without the options that change its schema. */
const EVERYTHING = {
  name: 'everything',
  label: 'Everything',
  rules: { list: '', view: '', create: '@request.auth.id != null', update: '@request.auth.id != null' },
  fields: [
    { name: 'title', type: 'text', options: { required: true, minLength: 1, maxLength: 200, pattern: '^[A-Za-z ]+$' } },
    { name: 'subtitle', type: 'text' },
    { name: 'slug', type: 'text', options: { required: true, default: 'untitled', indexed: true } },
    { name: 'frozen', type: 'text', options: { readOnly: true } },
    { name: 'body', type: 'long_text' },
    { name: 'notes', type: 'long_text', options: { maxLength: 5000, hidden: true } },
    { name: 'qty', type: 'integer', options: { min: 0, max: 1000, default: 1 } },
    { name: 'big', type: 'integer' },
    { name: 'price', type: 'number', options: { precision: 10, scale: 2, min: 0 } },
    { name: 'ratio', type: 'number' },
    { name: 'active', type: 'boolean', options: { default: true } },
    { name: 'day', type: 'date', options: { min: '2000-01-01', max: '2099-12-31' } },
    { name: 'at', type: 'datetime', options: { default: 'now' } },
    { name: 'meta', type: 'json', options: { required: true } },
    { name: 'extra', type: 'json', options: { default: { a: 1 }, indexed: true } },
    { name: 'mail', type: 'email', options: { unique: true } },
    { name: 'site', type: 'url', options: { pattern: '\\.org/' } },
    { name: 'status', type: 'select', options: { values: ['draft', 'live'], default: 'draft' } },
    { name: 'tags', type: 'multi_select', options: { values: ['a', 'b', 'c'], maxSelect: 2 } },
    { name: 'labels', type: 'multi_select', options: { values: ['x', 'y'] } },
    { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
    {
      name: 'owner',
      type: 'relation',
      options: { kind: 'many_to_one', target: 'users', onDelete: 'restrict', required: true },
    },
    { name: 'readers', type: 'relation', options: { kind: 'many_to_many', target: 'users', maxSelect: 5 } },
    { name: 'related', type: 'relation', options: { kind: 'many_to_many', target: 'authors' } },
    { name: 'token', type: 'secret', options: { minLength: 8 } },
    { name: 'api_secret', type: 'secret' },
    { name: 'cover', type: 'file', options: { mimeTypes: ['image/*'], thumbs: ['100x100'], maxSize: 1048576 } },
    { name: 'attachments', type: 'file', options: { multiple: true, maxFiles: 5, protected: true } },
  ],
};

/** The reverse side of everything.author, and a second collection whose label repeats one. */
const POSTS_FIELD = {
  name: 'posts',
  type: 'relation',
  options: { kind: 'one_to_many', target: 'everything', via: 'author' },
};
const SAME_LABEL = { name: 'writers', label: 'Writers', fields: [{ name: 'pen_name', type: 'text' }] };

describe('the OpenAPI document under the linter', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let dir: string;
  let document: OpenApiDocument;

  beforeAll(async () => {
    env = await createTestEnvironment();
    // Room for a body past the largest text bound, so it meets the validator, not the body limit.
    api = await startApi(env.config({ BODY_LIMIT_BYTES: String(16 * 1024 * 1024) }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    dir = mkdtempSync(join(tmpdir(), 'stagecraft-openapi-lint-'));
    for (const [path, body] of [
      ['/api/v1/collections', AUTHORS],
      ['/api/v1/collections', EVERYTHING],
      ['/api/v1/collections/authors/fields', POSTS_FIELD],
      ['/api/v1/collections', SAME_LABEL],
    ] as const) {
      const created = await http.post(path, body, { token: admin.token });
      if (created.status !== 201) throw new Error(`POST ${path}: ${created.status} ${created.text}`);
    }
    document = (await http.get('/api/docs/openapi.json')).body;
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is linted with collections of every field type and relation kind', () => {
    const fields: { type: string; options?: Record<string, unknown> }[] = [
      ...EVERYTHING.fields,
      ...AUTHORS.fields,
      POSTS_FIELD,
    ];
    expect(new Set(fields.map((field) => field.type))).toEqual(new Set(FIELD_TYPE_NAMES));
    const kinds = fields.flatMap((field) => (field.type === 'relation' ? [field.options?.['kind']] : []));
    expect(new Set(kinds)).toEqual(new Set(['many_to_one', 'one_to_many', 'many_to_many']));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/collections/everything/records', '/api/v1/collections/authors/records/{id}']),
    );
  });

  it('has no error or warning the exceptions do not waive, and every exception is still needed', () => {
    const report = lint(dir, document);
    expect(report.findings).toEqual([]);
    expect(report.unusedExceptions).toEqual([]);
    // The linter ran for real: the OWASP rules found what the exceptions explain.
    expect(report.waived.length).toBeGreaterThan(0);
  });

  it('fails a document that loses a description or a bound', () => {
    const broken = structuredClone(document);
    delete broken.paths['/api/v1/auth/me'].get.description;
    delete broken.components.schemas.CredentialsDto.properties.email.maxLength;
    delete broken.components.schemas.EverythingCreate.properties.subtitle.maxLength;
    const rules = lint(dir, broken, 'broken.json').findings.map((finding) => `${finding.rule} ${finding.path}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'operation-description paths./api/v1/auth/me.get',
        'owasp:api4:2023-string-limit components.schemas.CredentialsDto.properties.email',
        'owasp:api4:2023-string-limit components.schemas.EverythingCreate.properties.subtitle',
      ]),
    );
  });

  it('documents 429 exactly on the routes the ruleset names as rate limited', () => {
    const ruleset = readFileSync(resolve(REPO_ROOT, '.spectral.yaml'), 'utf8');
    const limited = [...ruleset.matchAll(/\$\.paths\['([^']+)'\]\.(\w+)\.responses/g)].map(([, path, method]) => {
      return `${method} ${path}`;
    });
    const documented = Object.entries(document.paths as Record<string, Record<string, { responses?: object }>>)
      .flatMap(([path, item]) =>
        Object.entries(item).flatMap(([method, operation]) =>
          operation.responses !== undefined && '429' in operation.responses ? [`${method} ${path}`] : [],
        ),
      )
      .sort();
    expect(limited.length).toBeGreaterThan(0);
    expect(documented).toEqual([...limited].sort());
  });

  describe('the bounds it states are the ones the server enforces', () => {
    const create = (): Record<string, { maxLength?: number; maxItems?: number }> =>
      document.components.schemas.EverythingCreate.properties;
    const valid = (): Record<string, unknown> => ({ title: 'Bounds', meta: {}, owner: admin.user.id });
    const post = (body: Record<string, unknown>) =>
      http.post('/api/v1/collections/everything/records', body, { token: admin.token });
    const rejects = (field: string) => async (body: Record<string, unknown>) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
    };

    it('text without maxLength: the server-wide bound', async () => {
      const bound = create()['subtitle']?.maxLength;
      expect(bound).toBe(10_485_760);
      await rejects('subtitle')({ ...valid(), subtitle: 'a'.repeat((bound ?? 0) + 1) });
      const accepted = await post({ ...valid(), subtitle: 'a'.repeat(bound ?? 0) });
      expect(accepted.status).toBe(201);
    });

    it('many_to_many without maxSelect: the server-wide bound', async () => {
      const bound = create()['related']?.maxItems ?? 0;
      expect(bound).toBe(1000);
      const ids = Array.from(
        { length: bound + 1 },
        (_, i) => `0190a1b2-c3d4-7e5f-8a6b-${i.toString(16).padStart(12, '0')}`,
      );
      await rejects('related')({ ...valid(), related: ids });
    });

    it('datetime: at most its maxLength', async () => {
      const bound = create()['at']?.maxLength ?? 0;
      const long = `2024-01-01T10:00:00.${'1'.repeat(bound - 20)}Z`;
      expect(long.length).toBe(bound + 1);
      await rejects('at')({ ...valid(), at: long });
    });

    it.each(['filter', 'sort', 'fields', 'expand'])('list parameter %s: at most its maxLength', async (name) => {
      const list = document.paths['/api/v1/collections/everything/records'].get.parameters as {
        name?: string;
        schema?: { maxLength?: number };
      }[];
      const bound = list.find((parameter) => parameter.name === name)?.schema?.maxLength ?? 0;
      expect(bound).toBe(4096);
      // Valid items, repeated past the bound: only the length is wrong.
      const item = { filter: 'qty > 1 || ', sort: 'id,', fields: 'id,', expand: 'author,' }[name] ?? '';
      const value = item.repeat(Math.ceil((bound + 1) / item.length)).replace(/( \|\| |,)$/, '');
      expect(value.length).toBeGreaterThan(bound);
      const response = await http.get(`/api/v1/collections/everything/records?${name}=${encodeURIComponent(value)}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: name }));
    });
  });
});
