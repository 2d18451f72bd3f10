// The soak's Stagecraft: built API instances and workers on one database and Redis, behind the
// balancer, with the faults the soak injects (an API stopped and started again, a worker
// killed and replaced). Each role keeps its current process, so memory is sampled by role.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanups } from './harness.mjs';
import { startBalancer } from './balancer.mjs';
import { cpuProfileTarget, readCpuProfile } from './profile.mjs';
import { freePort, startNode, waitUntilReady } from './processes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const API_MAIN = resolve(ROOT, 'dist/apps/api/src/main.js');
const WORKER_MAIN = resolve(ROOT, 'dist/apps/worker/src/main.js');

/** Every process the soak started, by role: all are stopped by `cleanup()`, their output kept. */
const launched = new Map();
/** Role → where its first process writes its CPU profile, when profiling (BENCH_PROFILE=1). */
const profiles = new Map();
let profileDir;

function launch(name, script, env) {
  let nodeArgs = [];
  // Only a role's first process: a replacement would not run long enough to say much.
  if (profileDir && !launched.has(name)) {
    const target = cpuProfileTarget(profileDir, `soak-${name}`);
    profiles.set(name, target.dir);
    nodeArgs = target.nodeArgs;
  }
  const proc = startNode(name, script, { cwd: ROOT, env, nodeArgs });
  cleanups.push(() => proc.stop());
  launched.set(name, [...(launched.get(name) ?? []), proc]);
  return proc;
}

async function startApi(api, env) {
  api.proc = launch(api.name, API_MAIN, { ...env, HOST: '127.0.0.1', PORT: String(api.port) });
  await waitUntilReady(api.proc, `http://127.0.0.1:${api.port}/health/live`);
}

async function startWorker(worker, env) {
  const healthPort = await freePort();
  worker.proc = launch(worker.name, WORKER_MAIN, { ...env, WORKER_HEALTH_PORT: String(healthPort) });
  await waitUntilReady(worker.proc, `http://127.0.0.1:${healthPort}/health/ready`);
}

/**
 * `apis` API instances and `workers` workers behind HAProxy; resolves once all are in rotation.
 * With `profileResults`, each role's first process writes a CPU profile there when it stops.
 */
export async function startCluster({ env, apis: apiCount, workers: workerCount, profileResults }) {
  profileDir = profileResults;
  const apis = [];
  for (let index = 1; index <= apiCount; index += 1) {
    const port = await freePort();
    const api = { name: `api${index}`, port, url: `http://127.0.0.1:${port}` };
    // One after the other: the first migrates the database.
    await startApi(api, { ...env, PUBLIC_URL: api.url });
    apis.push(api);
  }
  const workers = [];
  for (let index = 1; index <= workerCount; index += 1) {
    const worker = { name: `worker${index}` };
    await startWorker(worker, env);
    workers.push(worker);
  }
  const balancer = await startBalancer(apis);
  cleanups.push(() => balancer.stop());
  for (const api of apis) await balancer.untilInRotation(api.name);

  return {
    url: balancer.url,
    apis,
    workers,
    balancer,
    /** The processes to watch, by role: name → pid now. */
    pids: () =>
      new Map([
        ...apis.map((api) => [api.name, api.proc.child.pid]),
        ...workers.map((worker) => [worker.name, worker.proc.child.pid]),
        ['haproxy', balancer.pid],
      ]),
    /** What each role's processes logged (LOG_LEVEL=warn: warnings and errors), the last 20 kB of each. */
    output: () => new Map([...launched].map(([role, procs]) => [role, procs.map((proc) => proc.output()).join('')])),
    /** Stops every process (so that they write their profiles); role → summary of its CPU profile. */
    async stopAndReadProfiles(top) {
      await Promise.all([...launched.values()].flat().map((proc) => proc.stop()));
      return new Map([...profiles].map(([role, dir]) => [role, readCpuProfile(dir, top)]));
    },
    /** SIGTERM (a graceful stop, as an orchestrator's rolling restart), then start it again. */
    async restartApi(api) {
      await api.proc.stop();
      await startApi(api, { ...env, PUBLIC_URL: api.url });
      await balancer.untilInRotation(api.name);
    },
    /** SIGKILL (a crash: no clean-up at all), then a replacement in the same role. */
    async killWorker(worker) {
      worker.proc.child.kill('SIGKILL');
      await worker.proc.exited();
      await startWorker(worker, env);
    },
  };
}
