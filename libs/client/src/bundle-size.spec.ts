// The size budget of the package: its entry bundled as the build bundles it, minified and
// gzipped, must stay at or under 15 KB (issue 16). The size is printed for the record.
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';

const BUDGET_BYTES = 15 * 1024;

describe('@stagecraft/client bundle', () => {
  it(`is at most ${BUDGET_BYTES} bytes minified and gzipped, with no Node built-in`, async () => {
    const result = await build({ ...bundleOptions(resolve(__dirname, '..')), minify: true, write: false });
    const minified = result.outputFiles?.[0]?.contents ?? new Uint8Array();
    const gzipped = gzipSync(minified, { level: 9 }).byteLength;
    console.log(
      `@stagecraft/client: ${minified.byteLength} B minified, ${gzipped} B min+gzip (budget ${BUDGET_BYTES} B)`,
    );
    expect(result.errors).toEqual([]);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
