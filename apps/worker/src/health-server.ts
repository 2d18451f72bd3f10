// The worker's optional health port: /health/live always answers while the process runs;
// /health/ready answers 200 while heartbeats reach PostgreSQL and Redis is connected.

import { createServer, type Server } from 'node:http';
import type { Redis } from 'ioredis';
import type { HeartbeatService } from './heartbeat/heartbeat.service.js';

export function startHealthServer(port: number, heartbeat: HeartbeatService, redis: Redis): Promise<Server> {
  const server = createServer((request, response) => {
    const send = (status: number, body: object): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.url === '/health/live') return send(200, { status: 'ok' });
    if (request.url === '/health/ready') {
      const checks = {
        heartbeat: heartbeat.isHealthy() ? 'up' : 'down',
        redis: redis.status === 'ready' ? 'up' : 'down',
      };
      const ready = Object.values(checks).every((status) => status === 'up');
      return send(ready ? 200 : 503, { status: ready ? 'ok' : 'error', checks });
    }
    return send(404, { status: 404, title: 'Not Found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
