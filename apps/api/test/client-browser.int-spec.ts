// @stagecraft/client in a real browser: Chromium loads the package's built bundle
// (dist/stagecraft-client.min.js) on a page served from the API's origin, signs in with the
// session in localStorage, follows a collection live over SSE (fetch streaming) and over a
// WebSocket (with a ticket), uploads a drawn image resumably and with a form, and shows its
// thumbnail through a file token.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { chromium, type Browser, type Page } from 'playwright';
import {
  buildClientPackage,
  createTestEnvironment,
  httpClient,
  REPO_ROOT,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { GOOD_PASSWORD, registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const CLIENT = resolve(REPO_ROOT, 'libs/client');
const PAGE = resolve(CLIENT, 'test/fixtures/browser/index.html');
const SIGNED_IN = '@request.auth.id != null';

describe('@stagecraft/client in a browser', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The bundle the package ships, built as `npm run build --workspace libs/client` builds it.
    const bundle = readFileSync(resolve(buildClientPackage(), 'dist/stagecraft-client.min.js'));

    env = await createTestEnvironment();
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', OUTBOX_POLL_INTERVAL_MS: '100' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    await createCollection(http, admin, {
      name: 'photos',
      rules: { list: '', view: '', create: SIGNED_IN, update: SIGNED_IN, delete: null },
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'image', type: 'file', options: { mimeTypes: ['image/*'], thumbs: ['64x64'] } },
      ],
    });

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      // A page Playwright serves has no address, so Chromium would treat it as public and block its
      // WebSocket to loopback (Local Network Access); a real page on the API's origin is local.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-features=LocalNetworkAccessChecks'],
    });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`page: ${message.text()}`);
    });
    // The page and the bundle come from the API's own origin, as an app served beside it would.
    await page.route(`${api.url}/sdk-test/**`, (route) => {
      const isBundle = route.request().url().endsWith('.js');
      return route.fulfill({
        contentType: isBundle ? 'text/javascript' : 'text/html',
        body: isBundle ? bundle : readFileSync(PAGE),
      });
    });
    await page.goto(`${api.url}/sdk-test/index.html`);
    await page.waitForFunction('window.ready === true');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  it('follows a collection live over SSE and over a WebSocket', async () => {
    for (const transport of ['sse', 'websocket']) {
      const args = { email: user.user.email, password: GOOD_PASSWORD, collection: 'photos', transport };
      const outcome = await page.evaluate(`window.checks.subscribe(${JSON.stringify(args)})`);
      expect(outcome).toEqual({ status: 'signed_in', state: 'open', stored: 1 });
    }
    const created = await http.post('/api/v1/collections/photos/records', { title: 'live' }, { token: admin.token });
    expect(created.status).toBe(201);
    await page.waitForFunction('window.events.length >= 2');
    const events = await page.evaluate<{ transport: string }[]>('window.events');
    expect(events.map((event) => event.transport).sort()).toEqual(['sse', 'websocket']);
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'create', title: 'live' })]));
  });

  it('uploads resumably and with a form, and shows the thumbnail through a file token', async () => {
    const args = { collection: 'photos', field: 'image', thumb: '64x64' };
    const outcome = await page.evaluate<Record<string, unknown>>(`window.checks.upload(${JSON.stringify(args)})`);
    expect(outcome.stored).toBe(outcome.size);
    expect(outcome.chunks).toBeGreaterThan(1);
    expect(outcome).toMatchObject({
      original: { width: 600, height: 400 },
      thumbnail: { width: 64, height: 64 },
      formFile: { originalName: 'small.png', type: 'image/png', width: 50, height: 40 },
    });
  });
});
