// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function and per
// package, as shares of the samples where the process was not idle.

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** A fresh directory for one process's profile, and the node flags that write it there. */
export function cpuProfileTarget(resultsDir, name) {
  const dir = resolve(resultsDir, 'profiles', `${name}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return { dir, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] };
}

/** The summary of the profile a stopped process left in `dir`, or undefined if it left none. */
export function readCpuProfile(dir, top) {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  return file ? { file: resolve(dir, file), ...summariseProfile(resolve(dir, file), top) } : undefined;
}

function where(frame) {
  const url = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.includes('/dist/')) return `stagecraft ${url.slice(url.indexOf('/dist/') + 6)}`;
  if (url.startsWith('node:')) return url;
  return url || '(native)';
}

export function summariseProfile(path, top = 15) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map();
  const byPackage = new Map();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') continue;
    busy += us;
    const pkg = where(frame);
    const key = `${frame.functionName || '(anonymous)'}  ${pkg}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: us / busy }));
  return { busyMs: Math.round(busy / 1000), functions: rank(byFunction), packages: rank(byPackage) };
}

export function profileLines(summary) {
  const line = ({ name, ms, share }) =>
    `${(share * 100).toFixed(1).padStart(5)}%  ${String(ms).padStart(6)} ms  ${name}`;
  return [
    `busy (non-idle) CPU: ${summary.busyMs} ms`,
    'top self time by function:',
    ...summary.functions.map(line),
    'self time by package / file:',
    ...summary.packages.map(line),
  ];
}
