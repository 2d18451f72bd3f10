// The client against a real server on loopback (allowed explicitly) and an injected resolver
// standing in for DNS, so names can resolve to private addresses without a DNS server.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SafeHttpClient, type ResolvedAddress, type Resolver } from './safe-http-client.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('SafeHttpClient', () => {
  let server: Server;
  let port: number;
  let handler: Handler;
  const seen: { url: string; host: string; body: string; headers: IncomingMessage['headers'] }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ url: request.url ?? '', host: request.headers.host ?? '', body, headers: request.headers });
        handler(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    handler = (_request, response) => response.end('ok');
  });

  const resolverOf = (table: Record<string, ResolvedAddress[]>): Resolver & jest.Mock =>
    jest.fn((hostname: string) => Promise.resolve(table[hostname] ?? []));

  const client = (options: { allowed?: string[]; resolve?: Resolver; timeoutMs?: number; maxBytes?: number } = {}) =>
    new SafeHttpClient({
      timeoutMs: options.timeoutMs ?? 2000,
      responseMaxBytes: options.maxBytes ?? 65_536,
      allowedNetworks: options.allowed ?? [],
      resolve: options.resolve,
    });

  it('refuses a name that resolves to a private address, without connecting', async () => {
    const resolve = resolverOf({ 'internal.example': [{ address: '10.0.0.5', family: 4 }] });
    const outcome = await client({ resolve }).post('http://internal.example/hook', '{}', {});
    expect(outcome).toMatchObject({
      kind: 'refused',
      address: '10.0.0.5',
      message: 'internal.example resolves to 10.0.0.5: 10.0.0.5 is a private (RFC 1918) address',
    });
    expect(resolve).toHaveBeenCalledWith('internal.example');
  });

  it('refuses a name when any of its addresses is not public', async () => {
    const resolve = resolverOf({
      'mixed.example': [
        { address: '93.184.216.34', family: 4 },
        { address: 'fd00::7', family: 6 },
      ],
    });
    const outcome = await client({ resolve }).post('https://mixed.example/', '{}', {});
    expect(outcome).toMatchObject({ kind: 'refused', address: 'fd00::7' });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://127.0.0.1:9/', /127\.0\.0\.1 is a loopback address/],
    ['http://[::1]:9/', /::1 is a loopback address/],
    ['http://[::ffff:7f00:1]/', /maps to 127\.0\.0\.1/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
  ])('refuses the IP literal in %s without resolving it', async (url, reason) => {
    const resolve = resolverOf({});
    const outcome = await client({ resolve }).post(url, '{}', {});
    expect(outcome.kind).toBe('refused');
    expect(outcome.kind === 'refused' && outcome.message).toMatch(reason);
    expect(resolve).not.toHaveBeenCalled();
  });

  it('refuses localhost through the system resolver', async () => {
    const outcome = await client().post(`http://localhost:${port}/`, '{}', {});
    expect(outcome.kind).toBe('refused');
    expect(seen).toHaveLength(0);
  });

  it('refuses schemes other than http and https', async () => {
    expect((await client().post('ftp://example.com/x', '{}', {})).kind).toBe('refused');
  });

  it('connects to the checked address of an allowed network, keeping the host name', async () => {
    const resolve = resolverOf({ 'hooks.test': [{ address: '127.0.0.1', family: 4 }] });
    handler = (_request, response) => response.writeHead(201).end('created');
    const outcome = await client({ resolve, allowed: ['127.0.0.0/8'] }).post(
      `http://hooks.test:${port}/in?x=1`,
      '{"a":1}',
      { 'content-type': 'application/json', 'x-test': 'yes' },
    );
    expect(outcome).toMatchObject({ kind: 'response', status: 201, excerpt: 'created' });
    expect(seen).toEqual([expect.objectContaining({ url: '/in?x=1', host: `hooks.test:${port}`, body: '{"a":1}' })]);
    expect(seen[0]?.headers['x-test']).toBe('yes');
    expect(seen[0]?.headers['content-length']).toBe('7');
  });

  it('does not follow redirects', async () => {
    handler = (_request, response) => response.writeHead(302, { location: '/elsewhere' }).end();
    const outcome = await client({ allowed: ['127.0.0.1/32'] }).post(`http://127.0.0.1:${port}/`, '{}', {});
    expect(outcome).toMatchObject({ kind: 'response', status: 302 });
    expect(seen.map((request) => request.url)).toEqual(['/']);
  });

  it('stops reading after responseMaxBytes and keeps a 1 KB excerpt', async () => {
    handler = (_request, response) => {
      response.writeHead(500);
      response.write('x'.repeat(64 * 1024));
      // Never ends: only the byte limit can finish the exchange.
    };
    const outcome = await client({ allowed: ['127.0.0.0/8'], maxBytes: 4096, timeoutMs: 5000 }).post(
      `http://127.0.0.1:${port}/`,
      '{}',
      {},
    );
    expect(outcome.kind).toBe('response');
    expect(outcome.kind === 'response' && outcome.excerpt).toBe('x'.repeat(1024));
  });

  it('gives up when the whole exchange takes longer than the timeout', async () => {
    handler = (_request, response) => {
      response.writeHead(200);
      response.write('partial'); // headers came, the body never ends
    };
    const outcome = await client({ allowed: ['127.0.0.0/8'], timeoutMs: 300 }).post(
      `http://127.0.0.1:${port}/`,
      '{}',
      {},
    );
    expect(outcome).toMatchObject({ kind: 'timeout', message: 'no complete answer within 300 ms' });
  });

  it('reports connection failures as network errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await client({ allowed: ['127.0.0.0/8'] }).post(`http://127.0.0.1:${closedPort}/`, '{}', {});
    expect(outcome.kind).toBe('network');
    expect(outcome.kind === 'network' && outcome.message).toMatch(/ECONNREFUSED/);
  });

  it('reports names that do not resolve as network errors', async () => {
    const outcome = await client({ resolve: resolverOf({}) }).post('http://nowhere.example/', '{}', {});
    expect(outcome).toMatchObject({ kind: 'network', message: 'nowhere.example has no address' });
  });
});
