// Node's HTTP server, as it closes, ends the idle keep-alive connections but not one that has
// never sent a byte (fetch opens a spare connection after a stream is aborted; browsers and
// load balancers preconnect). close() would wait for it until the request timeout, a minute
// of a stopping instance that serves nothing. Those connections are ended as closing starts.

import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function endUnusedConnectionsOnClose(fastify: FastifyInstance): void {
  const open = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  fastify.addHook('preClose', (done) => {
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
    done();
  });
}
