// The soak's figures: requests grouped by period (a minute in a 5-minute run) and by whether
// they were sent inside a fault window, latency percentiles and errors by status of each
// group, memory per process over time, and the tables that print them.

import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds, rssMiB } from './proc.mjs';
import { NO_ANSWER } from './soak-load.mjs';

export const percentile = (sorted, p) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export const inWindow = (windows, t) => windows.some((w) => t >= w.from && t <= w.to);

/** Status → count; `no answer` for a request whose connection dropped; the balancer's own answers apart. */
function statusKey(request) {
  if (request.latencyMs === NO_ANSWER) return 'no answer';
  return request.byBalancer ? `${request.status} (haproxy)` : String(request.status);
}

/** Count, rate, p50/p99 (ms, answered requests) and non-2xx statuses of a group of requests. */
export function summarise(requests, seconds) {
  const latencies = Float64Array.from(requests.filter((r) => r.latencyMs >= 0).map((r) => r.latencyMs)).sort();
  const errors = {};
  for (const request of requests) {
    const ok = request.latencyMs !== NO_ANSWER && request.status >= 200 && request.status < 300;
    if (!ok) errors[statusKey(request)] = (errors[statusKey(request)] ?? 0) + 1;
  }
  return {
    count: requests.length,
    rate: seconds > 0 ? requests.length / seconds : Number.NaN,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length > 0 ? latencies[latencies.length - 1] : Number.NaN,
    errors,
  };
}

/** Errors that count against the target: all but 429 (a refusal the client is told to retry). */
export const countedErrors = (errors) =>
  Object.entries(errors)
    .filter(([status]) => !status.startsWith('429'))
    .reduce((sum, [, n]) => sum + n, 0);

export const errorText = (errors) =>
  Object.keys(errors).length === 0
    ? '0'
    : Object.entries(errors)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');

const ms = (value) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '—');

export function render(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

const clock = (startedAt, t) => {
  const s = Math.max(0, Math.round((t - startedAt) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** One row per period: all requests, then those sent outside the fault windows. */
export function periodRows({ periods, windows, startedAt }) {
  return periods.map((period) => {
    const outside = period.requests.filter((r) => !inWindow(windows, r.sent));
    const all = summarise(period.requests, period.seconds);
    const calm = summarise(outside, period.seconds);
    const faulted = windows.some((w) => w.from < period.to && w.to > period.from);
    return {
      label: `${clock(startedAt, period.from)}–${clock(startedAt, period.to)}${faulted ? ' *' : ''}`,
      all,
      calm,
    };
  });
}

export function periodTable(rows) {
  return render(
    ['period', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'outside faults: p50', 'p99', 'errors'],
    rows.map(({ label, all, calm }) => [
      label,
      all.rate.toFixed(0),
      ms(all.p50),
      ms(all.p99),
      ms(all.max),
      errorText(all.errors),
      ms(calm.p50),
      ms(calm.p99),
      errorText(calm.errors),
    ]),
  );
}

// ---- memory and CPU ---------------------------------------------------------------------------

/** The whole machine's busy and total CPU seconds so far (/proc/stat), to show what else runs. */
function machineCpu() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = ticks[3] + ticks[4];
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

/** The PostgreSQL backends serving `database` (their titles name it). */
function backendPids(database) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * Every `everyMs`: VmRSS of each role's current process (`pids()` says which), and the CPU each
 * role used since the last sample, with the run's database backends as one role `postgres`.
 */
export function sampleProcesses(pids, { everyMs, database }) {
  const samples = [];
  const cpu = new Map();
  const lastCpu = new Map();
  const machineStart = machineCpu();
  const addCpu = (role, pid) => {
    const now = cpuSeconds(pid);
    if (now === undefined) return;
    cpu.set(role, (cpu.get(role) ?? 0) + now - (lastCpu.get(pid) ?? now));
    lastCpu.set(pid, now);
  };
  const take = () => {
    const t = Date.now();
    for (const [role, pid] of pids()) {
      const rss = rssMiB(pid);
      if (rss !== undefined) samples.push({ t, role, pid, rss });
      addCpu(role, pid);
    }
    for (const pid of backendPids(database)) addCpu('postgres (this database)', pid);
  };
  take();
  const started = Date.now();
  const timer = globalThis.setInterval(take, everyMs);
  return {
    samples,
    stop() {
      globalThis.clearInterval(timer);
      take();
      const seconds = (Date.now() - started) / 1000;
      const machine = machineCpu();
      return {
        seconds,
        /** Role → share of one core over the run. */
        cpu: Object.fromEntries([...cpu].map(([role, used]) => [role, used / seconds])),
        /** The whole machine (every core): busy share of its capacity, ours and everyone else's. */
        machineBusy: (machine.busy - machineStart.busy) / (machine.total - machineStart.total),
      };
    },
  };
}

const mean = (values) => (values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length);

/** Mean RSS (MiB) per role and period; a role whose process changed within a period is marked. */
export function memoryByPeriod(samples, periods) {
  const roles = [...new Set(samples.map((s) => s.role))];
  return roles.map((role) => ({
    role,
    periods: periods.map((period) => {
      const inPeriod = samples.filter((s) => s.role === role && s.t >= period.from && s.t < period.to);
      return { rss: mean(inPeriod.map((s) => s.rss)), pids: new Set(inPeriod.map((s) => s.pid)) };
    }),
    restarted: new Set(samples.filter((s) => s.role === role).map((s) => s.pid)).size > 1,
  }));
}

export function memoryTable(byRole, labels) {
  return render(
    ['process', ...labels],
    byRole.map(({ role, periods, restarted }) => [
      `${role}${restarted ? ' (restarted)' : ''}`,
      ...periods.map((p) => (Number.isFinite(p.rss) ? `${p.rss.toFixed(0)}${p.pids.size > 1 ? '↻' : ''}` : '—')),
    ]),
  );
}
