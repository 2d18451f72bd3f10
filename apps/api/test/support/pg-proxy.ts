// A TCP relay between an app and PostgreSQL, for outage tests that must not depend on which
// socket Node happens to read first. holdReplies() leaves every connection open at that
// moment the way a failover leaves an idle pooled connection: whatever the server sends next
// (the FATAL of pg_terminate_backend, then its close) reaches the client only when the client
// next speaks, so the client sends a statement on a connection it believes alive and learns
// otherwise from the reply. Connections opened later are relayed as they are.

import { connect, createServer, type Socket } from 'node:net';

export interface PgProxy {
  /** The database URL with the proxy's port. */
  readonly url: string;
  holdReplies(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** What the server sent while held; undefined when relaying as is. */
  held: Buffer[] | undefined;
  upstreamEnded: boolean;
}

export async function startPgProxy(databaseUrl: string): Promise<PgProxy> {
  const target = new URL(databaseUrl);
  const pairs = new Set<Pair>();

  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const pair: Pair = { client, upstream, held: undefined, upstreamEnded: false };
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('data', (chunk: Buffer) => (pair.held ? pair.held.push(chunk) : client.write(chunk)));
    upstream.on('end', () => {
      pair.upstreamEnded = true;
      if (!pair.held) client.end();
    });
    client.on('data', (chunk: Buffer) => {
      const held = pair.held;
      if (held) {
        pair.held = undefined;
        for (const reply of held) client.write(reply);
        if (pair.upstreamEnded) {
          client.end();
          return;
        }
      }
      if (!pair.upstreamEnded) upstream.write(chunk);
    });
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy did not bind a TCP port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);

  return {
    url: url.toString(),
    holdReplies: () => {
      for (const pair of pairs) pair.held ??= [];
    },
    close: async () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
