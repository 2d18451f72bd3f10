// A loopback server for `ctx.fetch` tests on its own address (127.0.0.2), so the API can allow
// exactly it while 127.0.0.1 stays refused. `/json` echoes the method and body as JSON;
// `/redirect?to=…` answers 302 to `to`.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FetchTarget {
  readonly url: string;
  close(): Promise<void>;
}

export async function startFetchTarget(host: string): Promise<FetchTarget> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://target');
      if (url.pathname === '/redirect') {
        response.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
        return;
      }
      const echoed = Buffer.concat(chunks).toString('utf8');
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ echoed, method: request.method }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
