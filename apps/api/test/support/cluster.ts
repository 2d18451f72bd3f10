// Stagecraft as an operator scales it out: N built API processes and M workers on one
// PostgreSQL and one Redis, behind HAProxy on loopback (Debian's haproxy), which health-checks
// each API's readiness, so an instance that starts shutting down is taken out of rotation
// before it stops. Instances can be stopped and started again (a rolling restart), or killed.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureBuilt,
  freePort,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';

export const CLUSTER_JWT_SECRET = 'a-secret-every-instance-of-the-cluster-shares-0123';

export interface ApiInstance {
  readonly name: string;
  readonly port: number;
  /** This instance directly, bypassing the balancer. */
  readonly url: string;
  process: RunningProcess;
}

export interface Cluster {
  /** The balancer's URL: what clients use. */
  readonly url: string;
  readonly apis: readonly ApiInstance[];
  readonly workers: readonly RunningProcess[];
  /** SIGTERM, then waits for the process to exit; resolves with its exit code. */
  stopApi(instance: ApiInstance): Promise<number | null>;
  /** Starts the instance again on its port and waits until the balancer sends it traffic. */
  startApi(instance: ApiInstance): Promise<void>;
  /** Whether HAProxy currently routes to the instance (its readiness check passes). */
  inRotation(instance: ApiInstance): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  readonly apis?: number;
  readonly workers?: number;
  /** Settings of every API and worker process. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Settings of the workers only, over `settings` (e.g. a log level that shows each job run). */
  readonly workerSettings?: Readonly<Record<string, string>>;
}

/** The response header through which the balancer names the instance that answered. */
export const SERVED_BY_HEADER = 'x-served-by';

/**
 * HAProxy in front of the APIs: readiness checked every 200 ms (one failure takes an instance
 * out; a slow answer is no failure), a request whose connection fails is sent to another
 * instance, streams (SSE, WebSocket) may stay open, and every response names the instance that
 * answered it.
 */
function haproxyConfig(port: number, statsPort: number, apis: readonly ApiInstance[]): string {
  return [
    'global',
    '  log stderr format raw local0 warning',
    'defaults',
    '  mode http',
    '  log global',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    // A readiness answer may take its time on a busy machine (the API bounds each of its checks
    // at 2 s); without this a check slower than `inter` (200 ms) fails and, with `fall 1`, an
    // instance that is merely slow leaves the rotation (both at once: 503s).
    '  timeout check 3s',
    '  retries 3',
    '  option redispatch',
    '  retry-on conn-failure empty-response',
    'frontend stagecraft',
    `  bind 127.0.0.1:${port}`,
    '  default_backend apis',
    'frontend stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    'backend apis',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    `  http-response set-header ${SERVED_BY_HEADER} %[srv_name]`,
    '  default-server inter 200ms fall 1 rise 1',
    ...apis.map((api) => `  server ${api.name} 127.0.0.1:${api.port} check`),
    '',
  ].join('\n');
}

export async function startCluster(env: TestEnvironment, options: ClusterOptions = {}): Promise<Cluster> {
  ensureBuilt();
  const settings = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: env.redisPrefix,
    JWT_SECRET: CLUSTER_JWT_SECRET,
    LOG_LEVEL: 'warn',
    FILES_DIR: env.filesDir,
    ...options.settings,
  };
  const port = await freePort();
  const statsPort = await freePort();
  const url = `http://127.0.0.1:${port}`;

  const launch = (instance: Pick<ApiInstance, 'port'>): RunningProcess =>
    runNode('dist/apps/api/src/main.js', [], { ...settings, PORT: String(instance.port) });

  const workers: RunningProcess[] = [];
  /** A worker, once its health port says it is ready; one that exits first fails with its output. */
  const startWorker = async (): Promise<RunningProcess> => {
    const healthPort = await freePort();
    const worker = runNode('dist/apps/worker/src/main.js', [], {
      ...settings,
      ...options.workerSettings,
      WORKER_HEALTH_PORT: String(healthPort),
    });
    workers.push(worker);
    try {
      await waitFor(
        () => {
          if (worker.child.exitCode !== null) throw new Error('it exited');
          return fetch(`http://127.0.0.1:${healthPort}/health/ready`).then(
            (response) => response.status,
            () => 0,
          );
        },
        (status) => status === 200,
        { what: 'worker readiness', timeoutMs: 30_000 },
      );
    } catch (error) {
      throw new Error(`A worker did not become ready (${String(error)}); its output:\n${worker.output()}`, {
        cause: error,
      });
    }
    return worker;
  };

  const apis: ApiInstance[] = [];
  for (let index = 1; index <= (options.apis ?? 2); index += 1) {
    const apiPort = await freePort();
    apis.push({
      name: `api${index}`,
      port: apiPort,
      url: `http://127.0.0.1:${apiPort}`,
      process: launch({ port: apiPort }),
    });
  }

  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-haproxy-'));
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig(port, statsPort, apis));
  const haproxy: ChildProcess = spawn('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let haproxyOutput = '';
  haproxy.stderr?.on('data', (chunk: Buffer) => (haproxyOutput = `${haproxyOutput}${chunk.toString()}`.slice(-8000)));

  /** HAProxy's view of the server (its stats CSV): UP while its readiness check passes. */
  const inRotation = async (instance: ApiInstance): Promise<boolean> => {
    const csv = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`).then((response) => response.text());
    const [header = '', ...rows] = csv.split('\n');
    const columns = header.replace(/^# /, '').split(',');
    const row = rows.map((line) => line.split(',')).find((cells) => cells[0] === 'apis' && cells[1] === instance.name);
    return row?.[columns.indexOf('status')] === 'UP';
  };

  const untilInRotation = (instance: ApiInstance): Promise<boolean> =>
    waitFor(
      () => {
        if (instance.process.child.exitCode !== null)
          throw new Error(`${instance.name} exited:\n${instance.process.output()}`);
        if (haproxy.exitCode !== null) throw new Error(`haproxy exited:\n${haproxyOutput}`);
        return inRotation(instance).catch(() => false);
      },
      Boolean,
      { what: `${instance.name} in the balancer's rotation`, timeoutMs: 30_000 },
    );

  const stopAll = async (): Promise<void> => {
    if (haproxy.exitCode === null) {
      const gone = new Promise((done) => haproxy.once('exit', done));
      haproxy.kill('SIGTERM');
      await gone;
    }
    await Promise.all([...apis.map((api) => api.process.stop()), ...workers.map((worker) => worker.stop())]);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // An API is ready only once a worker has written its heartbeat.
    for (let index = 0; index < (options.workers ?? 2); index += 1) await startWorker();
    for (const api of apis) await untilInRotation(api);
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    url,
    apis,
    workers,
    inRotation,
    stopApi: (instance) => instance.process.stop('SIGTERM'),
    startApi: async (instance) => {
      instance.process = launch(instance);
      await untilInRotation(instance);
    },
    stop: stopAll,
  };
}
