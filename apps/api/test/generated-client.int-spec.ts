// The live OpenAPI document as a client developer uses it: valid OpenAPI 3.1 that changes
// with the schema, and a client generated from it with openapi-typescript that type-checks
// and, through openapi-fetch, creates, lists, filters and deletes records.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import createClient from 'openapi-fetch';
import {
  createTestEnvironment,
  httpClient,
  REPO_ROOT,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import { setupAdmin, type TestSession } from './support/identity.js';

const bin = (name: string): string => resolve(REPO_ROOT, 'admin-ui/node_modules/.bin', name);

// What a client writes against the generated types; type-checked by tsc below.
const usage = (price: string): string => `
import createClient from 'openapi-fetch';
import type { paths } from './schema';
export async function use(baseUrl: string, token: string): Promise<number> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  await client.POST('/api/v1/collections/gadgets/records', { body: { name: 'Lamp', price: ${price}, in_stock: true } });
  const listed = await client.GET('/api/v1/collections/gadgets/records', { params: { query: { filter: 'price > 10', limit: 5 } } });
  const names: string[] = listed.data?.data.map((record) => record.name) ?? [];
  await client.DELETE('/api/v1/collections/gadgets/records/{id}', { params: { path: { id: 'x' } } });
  return names.length;
}
`;

describe('generated OpenAPI client', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config());
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    dir = mkdtempSync(join(tmpdir(), 'stagecraft-client-'));
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents a collection the moment it exists, as valid OpenAPI 3.1', async () => {
    const before = (await http.get('/api/docs/openapi.json')).body;
    expect(before.paths['/api/v1/collections/gadgets/records']).toBeUndefined();
    const created = await http.post(
      '/api/v1/collections',
      {
        name: 'gadgets',
        rules: { list: '', view: '' },
        fields: [
          { name: 'name', type: 'text', options: { required: true } },
          { name: 'price', type: 'number', options: { precision: 10, scale: 2 } },
          { name: 'in_stock', type: 'boolean' },
        ],
      },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
    const document = (await http.get('/api/docs/openapi.json')).body;
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/collections/gadgets/records',
        '/api/v1/collections/gadgets/records/{id}',
        '/api/v1/auth/login',
      ]),
    );
    expect(document.components.schemas.GadgetsRecord.properties).toHaveProperty('price');
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
  });

  it('generates types that a client type-checks against', () => {
    const generated = spawnSync(
      bin('openapi-typescript'),
      [join(dir, 'openapi.json'), '-o', join(dir, 'schema.d.ts')],
      { encoding: 'utf8' },
    );
    expect(generated.status).toBe(0);
    writeFileSync(join(dir, 'usage.ts'), usage('12.5'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          skipLibCheck: true,
          types: [],
          baseUrl: '.',
          paths: { 'openapi-fetch': [resolve(REPO_ROOT, 'node_modules/openapi-fetch')] },
        },
        files: ['usage.ts', 'schema.d.ts'],
      }),
    );
    const typeCheck = () => spawnSync(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    const checked = typeCheck();
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    // The types are real: a price given as a string is refused.
    writeFileSync(join(dir, 'usage.ts'), usage("'cheap'"));
    const refused = typeCheck();
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toContain('usage.ts');
  });

  it('creates, lists, filters and deletes records through openapi-fetch', async () => {
    // The runtime half; the typed half is the tsc check above (paths are not known to this file).
    interface Untyped {
      GET(path: string, init: object): Promise<{ response: Response; data?: unknown }>;
      POST(path: string, init: object): Promise<{ response: Response; data?: unknown }>;
      DELETE(path: string, init: object): Promise<{ response: Response; data?: unknown }>;
    }
    const client = createClient({
      baseUrl: api.url,
      headers: { authorization: `Bearer ${admin.token}` },
    }) as unknown as Untyped;
    for (const [name, price] of [
      ['Lamp', 12.5],
      ['Pen', 2],
      ['Desk', 99],
    ] as const) {
      const created = await client.POST('/api/v1/collections/gadgets/records', {
        body: { name, price, in_stock: true },
      });
      expect(created.response.status).toBe(201);
    }
    const listed = await client.GET('/api/v1/collections/gadgets/records', {
      params: { query: { filter: 'price > 10', sort: '-price' } },
    });
    const records = (listed.data as { data: { id: string; name: string }[] }).data;
    expect(records.map((record) => record.name)).toEqual(['Desk', 'Lamp']);
    const removed = await client.DELETE('/api/v1/collections/gadgets/records/{id}', {
      params: { path: { id: records[0]!.id } },
    });
    expect(removed.response.status).toBe(204);
    const after = await client.GET('/api/v1/collections/gadgets/records', {});
    expect((after.data as { data: unknown[] }).data).toHaveLength(2);
  });
});
