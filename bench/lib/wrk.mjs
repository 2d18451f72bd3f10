// One measurement with wrk (bench/wrk/records.lua, or another script): a fixed number of connections and threads
// against one server for a fixed time. Reports 2xx req/s, latency percentiles (wrk's, in ms),
// failures, the CPU wrk itself used (bash's `times` for its child: user + system seconds over
// the run, as a share of one core), the server's own CPU (per second and per request, from
// /proc) and the most memory it held meanwhile (VmRSS of `serverPid`, sampled every 250 ms).

import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, rssMiB } from './proc.mjs';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../wrk/records.lua');
const RSS_SAMPLE_MS = 250;

/** `times` prints the shell's, then its children's, user and system time, e.g. `0m1.250s 0m0.310s`. */
function childCpuSeconds(timesOutput) {
  const lines = timesOutput.trim().split('\n');
  const children = lines.at(-1) ?? '';
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, m, s]) => sum + Number(m) * 60 + Number(s), 0);
}

export async function measureWrk({ url, connections, threads, duration, env, serverPid, script = SCRIPT }) {
  // A deep page under 32 clients can take seconds: wrk's 2 s default would count them as errors.
  const args = [
    '-t',
    String(threads),
    '-c',
    String(connections),
    '-d',
    `${duration}s`,
    '--timeout',
    '15s',
    '--latency',
    '-s',
    script,
    url,
  ];
  const child = spawn('bash', ['-c', 'wrk "$@"; echo WRK_TIMES; times', 'bash', ...args], {
    env: { ...process.env, ...env, BENCH_THREADS: String(threads) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let maxRss = rssMiB(serverPid) ?? 0;
  const cpuBefore = cpuSeconds(serverPid);
  const sampler = globalThis.setInterval(() => {
    maxRss = Math.max(maxRss, rssMiB(serverPid) ?? 0);
  }, RSS_SAMPLE_MS);
  const code = await new Promise((done) => child.once('exit', done));
  globalThis.clearInterval(sampler);
  const serverCpu = cpuSeconds(serverPid) - cpuBefore;
  const line = /^WRK_JSON (.*)$/m.exec(output);
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${output}`);
  const raw = JSON.parse(line[1]);
  const seconds = raw.duration_us / 1e6;
  const errors = raw.connect + raw.read + raw.write + raw.timeout;
  const ok = raw.requests - raw.non2xx;
  const [, times = ''] = output.split('WRK_TIMES');
  return {
    requests: raw.requests,
    rps: ok / seconds,
    p50: raw.p50_us / 1000,
    p90: raw.p90_us / 1000,
    p99: raw.p99_us / 1000,
    max: raw.max_us / 1000,
    mean: raw.mean_us / 1000,
    non2xx: raw.non2xx,
    errors,
    seconds,
    wrkCpu: childCpuSeconds(times) / seconds,
    serverCpu: serverCpu / seconds,
    serverCpuMsPerRequest: (serverCpu * 1000) / raw.requests,
    serverRssMiB: maxRss,
  };
}
