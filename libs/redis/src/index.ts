// Redis connections shared by the API and the worker.
export { createRedis, bullmqConnectionOptions, type RedisTarget } from './redis-connection.js';
export { RedisModule, REDIS } from './redis.module.js';
export { logConnectionState } from './connection-state-log.js';
