// Jest runs TypeScript through @swc/jest as CommonJS. Nest 12 and some of its
// dependencies ship ESM only, so they are transformed too (see ../shared/TOOLCHAIN.md).
const esmOnly = [
  '@nestjs',
  '@fastify',
  'cookie',
  'light-my-request',
  'fastify-plugin',
  'content-disposition',
  'file-type',
  '@tus',
  'srvx',
  '@borewit',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  'load-esm',
  '@standard-schema',
  'es-toolkit',
  'uid',
  'path-to-regexp',
  'nestjs-pino',
  'uuid',
  '@apidevtools',
  '@jsdevtools',
  '@humanwhocodes',
  // OAuth/OIDC clients
  'openid-client',
  'oauth4webapi',
  'jose',
  'arctic',
  '@oslojs',
];

const aliases = {
  '^@stagecraft/config$': '<rootDir>/config/index.ts',
  '^@stagecraft/migrations$': '<rootDir>/migrations/index.ts',
  // The console's alias of the GraphQL naming rule (its snippets are run by an API test).
  '^@stagecraft/graphql-names$': '<rootDir>/libs/graphql/src/names.ts',
  '^@stagecraft/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  // Sources import siblings with a .js suffix (NodeNext); Jest resolves the .ts file.
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: aliases,
};

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,config,migrations}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/*/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/global-setup.mjs',
      globalTeardown: '<rootDir>/libs/testing/global-teardown.mjs',
    },
  ],
};
