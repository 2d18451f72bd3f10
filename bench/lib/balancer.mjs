// HAProxy (Debian's haproxy) in front of the API instances on loopback, configured as the
// integration suite's cluster (apps/api/test/support/cluster.ts) is: readiness checked every
// 200 ms, a failed connection or an empty answer retried on another instance, streams kept open;
// a check may take up to 3 s, so that load alone does not take instances out; every answer names
// the instance that gave it (x-served-by).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './processes.mjs';

/**
 * The request's X-Request-Id is echoed on every answer, HAProxy's own 502/503/504 included, so
 * the load generator can pair each answer with the request it sent.
 */
function haproxyConfig(port, statsPort, apis) {
  return [
    'global',
    // notice: server state changes (UP, DOWN and why), not one line per request.
    '  log stderr format raw local0 notice',
    'defaults',
    '  mode http',
    '  log global',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    '  retries 3',
    '  option redispatch',
    '  retry-on conn-failure empty-response',
    'frontend stagecraft',
    `  bind 127.0.0.1:${port}`,
    '  http-request set-var(txn.request_id) req.hdr(x-request-id)',
    '  http-after-response set-header x-request-id %[var(txn.request_id)] if { var(txn.request_id) -m found }',
    '  default_backend apis',
    'frontend stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    'backend apis',
    '  balance roundrobin',
    '  option httpchk GET /health/ready',
    '  http-check expect status 200',
    // Names the instance that answered (a realtime stream's too, so a miss can be placed).
    '  http-response set-header x-served-by %[srv_name]',
    // A readiness check may take longer than 200 ms on a busy machine (the API bounds each of
    // its own checks at 2 s): without `timeout check` HAProxy gives it `inter` (200 ms) and
    // takes instances that are merely slow out of the rotation, both at once.
    '  timeout check 3s',
    '  default-server inter 200ms fall 1 rise 1',
    ...apis.map((api) => `  server ${api.name} 127.0.0.1:${api.port} check`),
    '',
  ].join('\n');
}

/** Starts HAProxy for `apis` ({ name, port }); `stop()` ends it and removes its config. */
export async function startBalancer(apis) {
  const [port, statsPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-soak-haproxy-'));
  const configFile = join(dir, 'haproxy.cfg');
  writeFileSync(configFile, haproxyConfig(port, statsPort, apis));
  const child = spawn('haproxy', ['-db', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  /** When each server went DOWN or UP, and why (HAProxy's log lines carry no time of their own). */
  const changes = [];
  child.stderr.on('data', (chunk) => {
    output = `${output}${chunk.toString()}`.slice(-8000);
    for (const line of chunk.toString().split('\n')) {
      const match = /Server apis\/(\S+) is (UP|DOWN)(.*)$/.exec(line);
      // Each line comes twice (the global log and the proxy's `log global`): keep one.
      const last = changes.at(-1);
      if (match && !(last && last.server === match[1] && last.state === match[2] && Date.now() - last.t < 50))
        changes.push({ t: Date.now(), server: match[1], state: match[2], detail: match[3].trim() });
    }
  });
  const exited = new Promise((done) => child.once('exit', done));
  const running = () => child.exitCode === null && child.signalCode === null;

  /** HAProxy's view of each server (its stats CSV): name → status (UP, DOWN, …). */
  const statuses = async () => {
    const csv = await globalThis.fetch(`http://127.0.0.1:${statsPort}/stats;csv`).then((r) => r.text());
    const [header = '', ...rows] = csv.split('\n');
    const columns = header.replace(/^# /, '').split(',');
    const status = columns.indexOf('status');
    return new Map(
      rows
        .map((line) => line.split(','))
        .filter((cells) => cells[0] === 'apis' && cells[1] !== 'BACKEND')
        .map((cells) => [cells[1], cells[status]]),
    );
  };

  const balancer = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    output: () => output,
    changes,
    statuses,
    /** Waits until HAProxy routes to `name` (its readiness check passes). */
    async untilInRotation(name, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (!running()) throw new Error(`haproxy exited:\n${output}`);
        const status = await statuses().catch(() => new Map());
        if (status.get(name) === 'UP') return;
        await sleep(100);
      }
      throw new Error(`${name} not in the balancer's rotation after ${timeoutMs} ms`);
    },
    async stop() {
      if (running()) {
        child.kill('SIGTERM');
        const timer = globalThis.setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        globalThis.clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return balancer;
}
