// The Node.js versions package.json declares (`engines`) are ones every locked dependency
// supports, so `npm ci` on a supported Node prints no EBADENGINE warning. It sits with the
// configuration because it checks the repository's own settings, like the README table test.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

interface Semver {
  subset(range: string, superset: string): boolean;
  validRange(range: string): string | null;
}
// A dev dependency without bundled types; only these two functions are used.
const semver = createRequire(__filename)('semver') as Semver;

interface Lockfile {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; os?: string[]; cpu?: string[] }>;
}

const root = resolve(__dirname, '..');
const declared = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { engines: { node: string } })
  .engines.node;
const lockfile = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as Lockfile;

/** npm installs, and checks the engines of, only the binaries of the platform it runs on. */
const installedHere = (entry: Lockfile['packages'][string]): boolean =>
  (entry.os?.includes(process.platform) ?? true) && (entry.cpu?.includes(process.arch) ?? true);

describe('the Node.js versions package.json declares', () => {
  it('is a valid range', () => {
    expect(semver.validRange(declared)).not.toBeNull();
  });

  it('are supported by every locked package', () => {
    const unsupported = Object.entries(lockfile.packages)
      .filter(([path, entry]) => path !== '' && installedHere(entry))
      .flatMap(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.subset(declared, range) ? [`${path}@${entry.version}: node ${range}`] : [];
      });
    expect(unsupported).toEqual([]);
  });
});
