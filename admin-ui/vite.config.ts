// The console is served by the API at /admin/; in development Vite proxies /api to a running API.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const apiPort = process.env.PORT ?? '8080';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  resolve: {
    // The console bundles the client's source (as tsconfig.json's paths say), so it needs no dist build.
    alias: { '@stagecraft/client': fileURLToPath(new URL('../libs/client/src/index.ts', import.meta.url)) },
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
