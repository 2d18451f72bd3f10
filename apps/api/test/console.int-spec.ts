// The console's files as the API serves them: / and /admin lead to /admin/, the console's own
// routes get index.html, hashed assets are cached for good and index.html is revalidated;
// GraphiQL, built beside the console, is /api/graphql.

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';

const INDEX_HTML = '<!doctype html><title>console</title><div id="root"></div>';
const CHUNK = 'export const screen = 1;';
const GRAPHIQL_HTML = '<!doctype html><title>GraphiQL</title><div id="graphiql"></div>';

describe('console files', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let base: string;
  let directory: string;
  let withoutGraphiql: string;

  beforeAll(async () => {
    // Installed below a folder that is itself called assets: only the console's own assets/ counts.
    base = await mkdtemp(join(tmpdir(), 'stagecraft-console-'));
    directory = join(base, 'assets', 'console');
    await mkdir(join(directory, 'assets'), { recursive: true });
    await writeFile(join(directory, 'index.html'), INDEX_HTML);
    await writeFile(join(directory, 'assets', 'users-page-AbC123.js'), CHUNK);
    await writeFile(join(directory, 'graphiql.html'), GRAPHIQL_HTML);
    // A console built before GraphiQL joined it.
    withoutGraphiql = join(base, 'older');
    await mkdir(withoutGraphiql);
    await writeFile(join(withoutGraphiql, 'index.html'), INDEX_HTML);
    env = await createTestEnvironment();
    api = await startApi(env.config({ ADMIN_UI_DIR: directory }));
    http = httpClient(api.url);
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
    await rm(base, { recursive: true, force: true });
  });

  it.each(['/', '/admin'])('%s redirects to /admin/', async (path) => {
    const response = await fetch(`${api.url}${path}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/admin/');
  });

  it.each(['/admin/', '/admin/collections/books/records', '/admin/reset-password?token=abc'])(
    '%s is the page, revalidated on every visit',
    async (path) => {
      const response = await http.get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.text).toBe(INDEX_HTML);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('serves a hashed asset as immutable', async () => {
    const response = await http.get('/admin/assets/users-page-AbC123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.text).toBe(CHUNK);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves GraphiQL at /api/graphql, revalidated on every visit', async () => {
    const response = await http.get('/api/graphql');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toBe(GRAPHIQL_HTML);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('links the console and GraphiQL from the API index', async () => {
    const links = (await http.get('/api/v1')).body.links as Record<string, { href: string }>;
    expect(links.console?.href).toMatch(/\/admin\/$/);
    expect(links.graphiql?.href).toMatch(/\/api\/graphql$/);
    expect((await http.get(new URL(links.graphiql?.href ?? '').pathname)).text).toBe(GRAPHIQL_HTML);
  });

  it('has no GraphiQL page when the console was built without one', async () => {
    const older = await startApi(env.config({ ADMIN_UI_DIR: withoutGraphiql }));
    try {
      expect((await httpClient(older.url).get('/admin/')).text).toBe(INDEX_HTML);
      const response = await httpClient(older.url).get('/api/graphql');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
      const links = (await httpClient(older.url).get('/api/v1')).body.links as Record<string, unknown>;
      expect(links).toHaveProperty('console');
      expect(links).not.toHaveProperty('graphiql');
    } finally {
      await older.close();
    }
  });

  it('answers a missing asset (a chunk of an older release) with a 404 problem, not the page', async () => {
    const response = await http.get('/admin/assets/users-page-Old999.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });
});
