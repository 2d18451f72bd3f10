// Graceful shutdown of the API process: readiness fails first, realtime connections end with a
// reconnect hint, requests in flight when SIGTERM arrives still get their answer, connections
// that never sent a request do not hold it up, and the process exits with code 0.

import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type TestEnvironment,
} from '@stagecraft/testing';
import { openSse } from './support/realtime.js';

describe('API shutdown', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
  });

  afterAll(async () => {
    await env?.dispose();
  });

  it('fails readiness, ends realtime connections with a reconnect hint, answers the requests in flight, then exits 0 at once', async () => {
    const port = await freePort();
    const api = runNode('dist/apps/api/src/main.js', [], {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
      LOG_LEVEL: 'info',
      SHUTDOWN_READINESS_DELAY_MS: '1500',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      () =>
        fetch(`${base}/health/live`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      { what: 'the API to listen' },
    );

    const stream = openSse(base);
    await stream.next('connect');

    // A connection that sends nothing (fetch's spare one after an aborted stream, a preconnect):
    // Node's server would wait for it until its request timeout, a minute past this test's.
    const silent = connect(port, '127.0.0.1');
    await once(silent, 'connect');
    const silentClosed = once(silent, 'close');

    // A request whose body is still arriving when the signal lands is in flight for certain.
    const body = JSON.stringify({ note: 'x'.repeat(1000) });
    const request = httpRequest(`${base}/api/v1/slow-upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    });
    request.write(body.slice(0, 500));
    await new Promise((resolve) => request.once('socket', (socket) => socket.once('connect', resolve)));
    api.child.kill('SIGTERM');
    await waitFor(
      () => Promise.resolve(api.output()),
      (output) => output.includes('shutting down'),
      { what: 'the signal' },
    );
    // Not ready at once, while still serving (SHUTDOWN_READINESS_DELAY_MS): the stream is open.
    const readiness = await fetch(`${base}/health/ready`);
    expect(readiness.status).toBe(503);
    expect(((await readiness.json()) as { detail: string }).detail).toBe('Not ready: this process is shutting down.');
    expect(stream.of('close')).toEqual([]);
    const [closed] = await stream.next('close');
    expect(closed?.data.reason).toBe('shutdown');
    expect(stream.retry()).toBe(1000);
    request.end(body.slice(500));

    const { status, text } = await answered;
    expect(status).toBe(404);
    expect(JSON.parse(text).code).toBe('ROUTE_NOT_FOUND');
    expect(await api.exited()).toBe(0);
    await silentClosed;
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
