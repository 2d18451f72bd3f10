// The contract between a server's schema and the apps built on it: the consumer app fixture
// (libs/client/test/fixtures/consumer-app) type-checks against types that `stagecraft gen types`
// generates from a live server, still does after a compatible change, and fails where the app
// uses a field once that field is renamed or dropped: in app.ts, on the lines marked for it.

import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Program } from 'typescript';
import {
  createTestEnvironment,
  httpClient,
  REPO_ROOT,
  typeCheckClientProgram,
  type HttpClient,
  type TestEnvironment,
  type TypeFinding,
} from '@stagecraft/testing';
import { genTypesCommand } from '../../cli/src/commands/gen-types.command.js';
import { setupAdmin, type TestSession } from './support/identity.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const FIXTURE = resolve(REPO_ROOT, 'libs/client/test/fixtures/consumer-app');

/** Lines of app.ts marked `// contract: a, b` for each field named. */
function markedLines(field: string): number[] {
  return readFileSync(join(FIXTURE, 'app.ts'), 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      const fields = /\/\/ contract: (.+)$/.exec(text)?.[1]?.split(/,\s*/) ?? [];
      return fields.includes(field) ? [index + 1] : [];
    });
}

describe('client contract: the consumer app against generated types', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let apiKey: string;
  let dir: string;
  let program: Program | undefined;

  const adminCall = async (method: string, path: string, body?: unknown): Promise<void> => {
    const response = await http.request(method, path, { body, token: admin.token });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
  };

  /** `stagecraft gen types --url … --api-key …` into the app's folder; returns the file's text. */
  async function generate(): Promise<string> {
    const out = join(dir, 'stagecraft.d.ts');
    await genTypesCommand(['types', '--url', api.url, '--api-key', apiKey, '--out', out]);
    return readFileSync(out, 'utf8');
  }

  /** tsc over the app and the generated types (the previous program reused for what did not change). */
  async function typeCheck(): Promise<TypeFinding[]> {
    const check = await typeCheckClientProgram([join(dir, 'app.ts'), join(dir, 'stagecraft.d.ts')], {
      previous: program,
    });
    program = check.program;
    return check.findings;
  }

  /** The app now fails to compile, only in app.ts, only on lines that use `field`, naming it. */
  function expectBrokenAt(findings: readonly TypeFinding[], field: string): void {
    expect(findings.length).toBeGreaterThan(0);
    const marked = markedLines(field);
    const elsewhere = findings.filter((finding) => finding.file !== 'app.ts' || !marked.includes(finding.line));
    expect(elsewhere).toEqual([]);
    expect(findings.some((finding) => finding.message.includes(`'${field}'`))).toBe(true);
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config());
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    const key = await http.post('/api/v1/api-keys', { name: 'gen-types', role: 'admin' }, { token: admin.token });
    apiKey = key.body.key;
    const schema = JSON.parse(readFileSync(join(FIXTURE, 'schema.json'), 'utf8')) as object;
    await adminCall('POST', '/api/v1/schema/apply', schema);
    dir = mkdtempSync(join(tmpdir(), 'stagecraft-consumer-'));
    copyFileSync(join(FIXTURE, 'app.ts'), join(dir, 'app.ts'));
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates from the live server the types the fixture was written against', async () => {
    expect(await generate()).toBe(readFileSync(join(FIXTURE, 'stagecraft.d.ts'), 'utf8'));
  });

  it('type-checks the app against them', async () => {
    expect(await typeCheck()).toEqual([]);
  });

  it('still type-checks after a compatible change (an optional field added)', async () => {
    await adminCall('POST', '/api/v1/collections/posts/fields', { name: 'subtitle', type: 'text' });
    expect(await generate()).toContain('readonly subtitle: string | null;');
    expect(await typeCheck()).toEqual([]);
  });

  it('fails where the app uses a renamed field', async () => {
    await adminCall('PATCH', '/api/v1/collections/posts/fields/title', { name: 'headline' });
    expect(await generate()).toContain('readonly headline: string;');
    expectBrokenAt(await typeCheck(), 'title');
    await adminCall('PATCH', '/api/v1/collections/posts/fields/headline', { name: 'title' });
    await generate();
    expect(await typeCheck()).toEqual([]);
  });

  it('fails where the app uses a dropped field', async () => {
    await adminCall('DELETE', '/api/v1/collections/posts/fields/status');
    expect(await generate()).not.toContain('status');
    expectBrokenAt(await typeCheck(), 'status');
  });
});
