// How the package is bundled, shared by its build (build.mjs) and the size test
// (src/bundle-size.spec.ts), so the size measured is the size shipped.

/** esbuild options for the bundle of the package whose folder is `root`. */
export const bundleOptions = (root) => ({
  entryPoints: [`${root}/src/index.ts`],
  bundle: true,
  format: 'esm',
  // Neutral: a Node built-in anywhere in the graph fails the build instead of shipping.
  platform: 'neutral',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
});
