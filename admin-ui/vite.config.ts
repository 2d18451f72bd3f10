// The console is served by the API at /admin/ (GraphiQL, built beside it, at /api/graphql); in
// development Vite proxies /api to a running API. The build leaves a .br and a .gz beside each
// text file, which the API sends to browsers that accept them.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { precompress } from './vite-precompress';

const apiPort = process.env.PORT ?? '8080';

export default defineConfig({
  base: '/admin/',
  plugins: [react(), precompress()],
  resolve: {
    // The console bundles the client's source (as tsconfig.json's paths say), so it needs no dist build.
    alias: {
      '@stagecraft/client': fileURLToPath(new URL('../libs/client/src/index.ts', import.meta.url)),
      // The server's GraphQL naming rule (a module without imports), so the console's snippets name types as it does.
      '@stagecraft/graphql-names': fileURLToPath(new URL('../libs/graphql/src/names.ts', import.meta.url)),
      // The expression language's parser and printer (pure modules), so the filter builder reads and
      // writes exactly what the server parses: `@stagecraft/query/parser`, `@stagecraft/query/format`.
      '@stagecraft/query': fileURLToPath(new URL('../libs/query/src', import.meta.url)),
    },
  },
  build: {
    // Two pages: the console, and GraphiQL (the API serves it at /api/graphql).
    rolldownOptions: {
      input: {
        console: fileURLToPath(new URL('index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('graphiql.html', import.meta.url)),
      },
      // GraphiQL's modules open with React Compiler's "use no memo", which bundling may drop harmlessly.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use no memo"')) return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    // jsdom 31 needs Node 22 (it uses the global Iterator); components are rendered with
    // react-dom/server instead, which needs no DOM.
    environment: 'node',
  },
});
