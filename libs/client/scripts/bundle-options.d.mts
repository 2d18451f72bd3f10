// Types of bundle-options.mjs for the TypeScript that imports it (the size test).
import type { BuildOptions } from 'esbuild';

export declare function bundleOptions(root: string): BuildOptions;
