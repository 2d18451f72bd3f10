// The sandbox from outside, through the HTTP trigger: the ways out of an isolate that vm2 and
// node:vm let through stay shut (the Function constructor, require, import(), process), nothing
// one invocation leaves on globalThis or a prototype reaches the next, infinite loops and huge
// allocations are stopped at their caps while other functions keep answering, and a sandbox
// process killed outright fails only its own invocations.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { resolve } from 'node:path';
import {
  createTestEnvironment,
  ensureBuilt,
  httpClient,
  REPO_ROOT,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { setupAdmin, type TestSession } from './support/identity.js';
import { expectProblem } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const FUNCTIONS = '/api/v1/functions';
const HOST_ENTRY = resolve(REPO_ROOT, 'dist/apps/functions-host/src/main.js');

describe('the functions sandbox', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let counter = 0;

  async function publicFunction(source: string, settings: Record<string, unknown> = {}): Promise<string> {
    const name = `sandboxed-${++counter}`;
    const response = await http.post(
      FUNCTIONS,
      { name, language: 'javascript', source, triggers: { http: { rule: '' } }, settings },
      { token: admin.token },
    );
    if (response.status !== 201) throw new Error(`deploy: ${response.status} ${response.text}`);
    return name;
  }
  const call = (name: string, body: unknown = {}) => http.post(`${FUNCTIONS}/${name}/invoke`, body);

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    api = await startApi(env.config({ FUNCTIONS_SANDBOX_ENTRY: HOST_ENTRY, FUNCTIONS_SANDBOX_PROCESSES: '2' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  it.each([
    ['the Function constructor', `return (() => {}).constructor.constructor('return typeof process')()`],
    ['a constructor reached through ctx', `return ctx.log.info.constructor('return typeof process')()`],
    ['process', 'return typeof process'],
    ['module and exports', 'return typeof module + typeof exports'],
    ['Buffer and setTimeout', 'return typeof Buffer + typeof setTimeout'],
    // The host's V8 collector, which every new context gets (idle-collection.ts).
    ['the host’s garbage collector', 'return typeof globalThis.__stagecraftCollectGarbage'],
  ])('finds nothing of Node through %s', async (_label, body) => {
    const name = await publicFunction(`export default async (ctx) => { ${body} }`);
    const response = await call(name);
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/^(undefined)+$/);
  });

  it('has no require: bundling turns it into a stub that throws', async () => {
    const name = await publicFunction(
      `export default async () => { try { require('node:child_process'); return 'required' } catch (error) { return error.message } }`,
    );
    expect((await call(name)).body).toMatch(/Dynamic require of "node:child_process" is not supported/);
  });

  it('refuses import() at run time', async () => {
    const name = await publicFunction(
      `export default async () => { try { await import('node:fs'); return 'imported' } catch (error) { return 'refused' } }`,
    );
    expect((await call(name)).body).toBe('refused');
  });

  it('cannot change ctx or reach the host through it', async () => {
    const name = await publicFunction(`export default async (ctx) => {
      const attempts = [];
      try { ctx.records = null; attempts.push('replaced') } catch { attempts.push('frozen') }
      try { ctx.log.info = null; attempts.push('replaced') } catch { attempts.push('frozen') }
      attempts.push(Object.keys(globalThis).filter((key) => key.startsWith('_')).map((key) => [key, typeof globalThis[key]]));
      return attempts;
    }`);
    // The one name left is the host's garbage collector's, which V8 puts on every context and
    // the bootstrap empties (it cannot be deleted): nothing reachable is left on it.
    expect((await call(name)).body).toEqual(['frozen', 'frozen', [['__stagecraftCollectGarbage', 'undefined']]]);
  });

  it('starts every invocation in a fresh global scope', async () => {
    const name = await publicFunction(`export default async () => {
      const seen = { counter: globalThis.counter ?? null, polluted: ({}).polluted ?? null, json: JSON.tampered ?? null };
      globalThis.counter = 1;
      Object.prototype.polluted = 'yes';
      JSON.tampered = true;
      Array.prototype.push = () => 'hijacked';
      return seen;
    }`);
    for (let i = 0; i < 3; i += 1) {
      expect((await call(name)).body).toEqual({ counter: null, polluted: null, json: null });
    }
  });

  it('stops an endless loop at its timeout while other functions keep answering', async () => {
    const looping = await publicFunction('export default () => { while (true) {} }', { timeout_ms: 4000 });
    const quick = await publicFunction('export default () => "quick"');
    let loopAnswered = false;
    const loop = call(looping).then((answer) => {
      loopAnswered = true;
      return answer;
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(quick)));
    expect(answers.map((answer) => answer.body)).toEqual(Array(5).fill('quick'));
    // Answered while the loop still runs, so not queued behind it (an order, not a stopwatch).
    expect(loopAnswered).toBe(false);
    expectProblem(await loop, 504, 'FUNCTION_TIMEOUT');
    expect((await call(quick)).body).toBe('quick');
  });

  it('stops a 1 GB allocation at the memory cap and recovers', async () => {
    const hungry = await publicFunction(
      'export default () => { const big = new Array(134217728).fill(1.5); return big.length }',
      { memory_mb: 32, timeout_ms: 10_000 },
    );
    const response = await call(hungry);
    expectProblem(response, 502, 'FUNCTION_FAILED');
    const log = await http.get(`${FUNCTIONS}/${hungry}/invocations`, { token: admin.token });
    expect(log.body.data[0].outcome).toBe('memory');
    const after = await publicFunction('export default () => "recovered"');
    expect((await call(after)).body).toBe('recovered');
  });

  it('fails only the invocations of a sandbox process that is killed, then starts a new one', async () => {
    const up = await publicFunction('export default () => "up"');
    expect((await call(up)).body).toBe('up');
    const sleeper = await publicFunction(
      'export default () => { const end = Date.now() + 3000; while (Date.now() < end) {} return 1 }',
      {
        timeout_ms: 5000,
      },
    );
    const pending = call(sleeper);
    await new Promise((done) => setTimeout(done, 500));
    // The API runs in this process: its sandbox hosts are our children.
    const hosts = execFileSync('pgrep', ['-P', String(process.pid), '-f', HOST_ENTRY])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean);
    expect(hosts.length).toBeGreaterThan(0);
    for (const pid of hosts) process.kill(Number(pid), 'SIGKILL');
    const response = await pending;
    expectProblem(response, 502, 'FUNCTION_FAILED');
    const log = await http.get(`${FUNCTIONS}/${sleeper}/invocations`, { token: admin.token });
    expect(log.body.data[0]).toMatchObject({ outcome: 'crashed', error: { name: 'SandboxError' } });
    expect((await call(up)).body).toBe('up');
  });

  it('runs user code at a lower CPU priority than the API (FUNCTIONS_SANDBOX_NICE)', async () => {
    const busy = await publicFunction(
      'export default () => { const end = Date.now() + 300; while (Date.now() < end) {} return 1 }',
    );
    const pending = call(busy);
    await new Promise((done) => setTimeout(done, 150));
    const hosts = execFileSync('pgrep', ['-P', String(process.pid), '-f', HOST_ENTRY])
      .toString()
      .trim()
      .split('\n');
    // Nice is per thread on Linux: the isolates' threads, started by the host, must have it too.
    const niceOf = (pid: string, tid: string): number => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const threads = hosts.flatMap((pid) => readdirSync(`/proc/${pid}/task`).map((tid) => niceOf(pid, tid)));
    expect(threads.length).toBeGreaterThan(hosts.length);
    expect(new Set(threads)).toEqual(new Set([Math.min(19, getPriority() + 10)]));
    expect(niceOf(String(process.pid), String(process.pid))).toBe(getPriority());
    expect((await pending).body).toBe(1);
  });

  it('drops a host running past 50 ms to the idle scheduling class, and back once it ends', async () => {
    const busy = await publicFunction(
      'export default () => { const end = Date.now() + 400; while (Date.now() < end) {} return 1 }',
    );
    const hostPids = () =>
      execFileSync('pgrep', ['-P', String(process.pid), '-f', HOST_ENTRY])
        .toString()
        .trim()
        .split('\n');
    // /proc/<pid>/task/<tid>/stat field 41: 0 SCHED_OTHER, 5 SCHED_IDLE; the isolates' threads too.
    const policies = (pid: string): number[] =>
      readdirSync(`/proc/${pid}/task`).map((tid) => {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
      });
    const pending = call(busy);
    await new Promise((done) => setTimeout(done, 250));
    const during = hostPids().map((pid) => new Set(policies(pid)));
    expect(during).toContainEqual(new Set([5]));
    expect((await pending).body).toBe(1);
    let after: Set<number>[] = [];
    for (let tries = 0; tries < 40; tries += 1) {
      after = hostPids().map((pid) => new Set(policies(pid)));
      if (after.every((set) => set.size === 1 && set.has(0))) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(after.every((set) => set.size === 1 && set.has(0))).toBe(true);
  });

  it('collects a warm isolate’s garbage between invocations: its heap stays small', async () => {
    const name = await publicFunction('export default () => ({ ok: true })');
    for (let n = 0; n < 1000; n += 1) expect((await call(name)).status).toBe(200);
    await new Promise((done) => setTimeout(done, 200)); // the invocation log is written in batches
    const log = await http.get(`${FUNCTIONS}/${name}/invocations?limit=100`, { token: admin.token });
    const heaps = (log.body.data as { memory_bytes: number }[]).map((entry) => entry.memory_bytes);
    expect(heaps).toHaveLength(100);
    // Each fresh context leaves about 25 KB of garbage; left to V8, the heap climbs past 10 MB
    // before a collection. Collected as the isolate goes idle above 4 MB, it stays under 6 MB.
    expect(Math.max(...heaps)).toBeLessThan(6 * 1024 * 1024);
  });

  it('frees each invocation’s context at once: many calls fit in a small isolate', async () => {
    const small = await publicFunction('export default (ctx) => ({ n: ctx.request.body.n })', { memory_mb: 8 });
    const outcomes = new Map<number, number>();
    for (let n = 0; n < 300; n += 1) {
      const response = await call(small, { n });
      outcomes.set(response.status, (outcomes.get(response.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ 200: 300 });
  });
});
