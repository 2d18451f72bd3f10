// Accessibility and themes: axe-core on every screen of the console (sign-in, collections, a
// collection's tabs, the record drawer, access and automation pages, the account page, modals,
// menus and GraphiQL), in the light and the dark theme, with no serious or critical violation
// (the others are printed); then the theme itself (the system's by default, a remembered toggle,
// back to the system's), the skip link, page titles and toasts clear of the record drawer.
// Its data is its own, created through REST under unique names.
import AxeBuilder from '@axe-core/playwright';
import type { Page, Response } from '@playwright/test';
import {
  ADMIN,
  baseUrl,
  expect,
  login,
  rest,
  screenshot,
  signInThroughStorage,
  test,
  waitForApi,
  type Session,
} from './fixtures';

const SUFFIX = Date.now().toString(36);
const COLLECTION = `a11y_${SUFFIX}`;
const WEBHOOK = `a11y-hook-${SUFFIX}`;
const FUNCTION = `a11y_fn_${SUFFIX}`;
const API_KEY = `a11y key ${SUFFIX}`;
const RECORD_TITLE = 'Contrast matters';
const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

let admin: Session;
let secondRecordId: string;
let webhookId: string;

test.beforeAll(async () => {
  // The first admin, when this spec runs alone (after 01-first-run the answer is 409).
  const setup = await fetch(`${baseUrl()}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect([201, 409]).toContain(setup.status);
  admin = await login();
  const collection = await rest(admin, 'POST', '/api/v1/collections', {
    name: COLLECTION,
    description: 'Checked by axe-core',
    rules: { list: '', view: '' },
    fields: [
      { name: 'title', type: 'text', options: { required: true } },
      { name: 'price', type: 'number' },
      { name: 'in_stock', type: 'boolean' },
      { name: 'genre', type: 'select', options: { values: ['poetry', 'novel'] } },
      { name: 'published', type: 'date' },
    ],
  });
  expect(collection.status).toBe(201);
  const record = await rest(admin, 'POST', `/api/v1/collections/${COLLECTION}/records`, {
    title: RECORD_TITLE,
    price: 12.5,
    in_stock: true,
    genre: 'poetry',
    published: '2026-01-02',
  });
  expect(record.status).toBe(201);
  const second = await rest<{ data: { id: string } }>(admin, 'POST', `/api/v1/collections/${COLLECTION}/records`, {
    title: 'Second',
    price: 3,
  });
  expect(second.status).toBe(201);
  secondRecordId = second.body.data.id;
  // Off, so saving a record in the test sends nothing anywhere.
  const webhook = await rest<{ id: string }>(admin, 'POST', '/api/v1/webhooks', {
    name: WEBHOOK,
    url: 'https://example.com/hooks/a11y',
    collections: [COLLECTION],
    enabled: false,
  });
  expect(webhook.status).toBe(201);
  webhookId = webhook.body.id;
  expect((await rest(admin, 'POST', '/api/v1/api-keys', { name: API_KEY, role: 'admin' })).status).toBe(201);
  const fn = await rest(admin, 'POST', '/api/v1/functions', {
    name: FUNCTION,
    language: 'typescript',
    source: 'export default async (ctx) => ({ ok: true, trigger: ctx.trigger });\n',
  });
  expect(fn.status).toBe(201);
});

test.afterAll(async () => {
  await rest(admin, 'DELETE', `/api/v1/functions/${FUNCTION}`);
  await rest(admin, 'DELETE', `/api/v1/webhooks/${webhookId}`);
  await rest(admin, 'DELETE', `/api/v1/collections/${COLLECTION}`);
});

interface Finding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe on the page as shown; fails on serious and critical findings, prints the others. */
async function audit(
  page: Page,
  screen: string,
  findings: Finding[],
  leaveOut: { rules?: string[]; selectors?: string[] } = {},
): Promise<void> {
  // Axe reads colours as painted: a menu still fading in would fail contrast it does not lack.
  // (Endless animations, such as a loader's, are not waited for.)
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) =>
          animation.playState !== 'running' || animation.effect?.getComputedTiming().iterations === Infinity,
      ),
  );
  let builder = new AxeBuilder({ page }).disableRules(leaveOut.rules ?? []);
  for (const selector of leaveOut.selectors ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  for (const violation of results.violations) {
    findings.push({
      screen,
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
    });
  }
}

function report(theme: Theme, findings: Finding[]): void {
  const blocking = findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
  const others = findings.filter((finding) => !blocking.includes(finding));
  if (others.length > 0) {
    console.log(
      `[${theme}] other axe findings:\n${others.map((f) => `  ${f.screen}: ${f.rule} (${f.impact}) ${f.help}`).join('\n')}`,
    );
  }
  expect(
    blocking.map((f) => `${f.screen}: ${f.rule} (${f.impact}) ${f.help}\n    ${f.targets.join('\n    ')}`),
    `serious or critical axe violations in the ${theme} theme`,
  ).toEqual([]);
}

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    // The operating system's preference; nothing stored, so the console follows it.
    test.use({ colorScheme: theme });

    test(`sign-in in the ${theme} theme`, async ({ page }) => {
      const findings: Finding[] = [];
      await page.goto('collections');
      await heading(page, 'Sign in');
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', theme);
      await expect(page).toHaveTitle('Sign in · Stagecraft');
      await audit(page, 'sign-in', findings);
      if (theme === 'dark') await screenshot(page, 'sign-in-dark');
      report(theme, findings);
    });

    test(`every console screen in the ${theme} theme`, async ({ page }) => {
      test.setTimeout(180_000);
      await signInThroughStorage(page);
      const findings: Finding[] = [];

      await page.goto('collections');
      await heading(page, 'Collections');
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', theme);
      await expect(page.getByRole('cell', { name: COLLECTION, exact: true })).toBeVisible();
      await audit(page, 'collections', findings);
      if (theme === 'dark') await screenshot(page, 'collections-dark');

      await page.getByRole('button', { name: 'New collection' }).click();
      await expect(page.getByRole('dialog', { name: 'New collection' })).toBeVisible();
      await audit(page, 'new collection modal', findings);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toBeHidden();

      await page.getByRole('button', { name: /^Account menu/ }).click();
      await expect(page.getByRole('menuitem', { name: 'Account and security' })).toBeVisible();
      await audit(page, 'account menu', findings);
      await page.keyboard.press('Escape');

      await page.goto(`collections/${COLLECTION}/records`);
      await heading(page, COLLECTION);
      await expect(page.getByRole('gridcell', { name: RECORD_TITLE })).toBeVisible();
      await expect(page).toHaveTitle(`${COLLECTION} · Records · Stagecraft`);
      await audit(page, 'records', findings);
      if (theme === 'dark') await screenshot(page, 'records-browser-dark');

      await page
        .getByRole('row')
        .filter({ hasText: RECORD_TITLE })
        .getByRole('button', { name: /Open record/ })
        .click();
      const drawer = page.getByRole('dialog', { name: `Edit ${COLLECTION} record` });
      await expect(drawer.getByLabel('title')).toHaveValue(RECORD_TITLE);
      await audit(page, 'record drawer', findings);
      if (theme === 'dark') await screenshot(page, 'record-drawer-dark');
      await page.keyboard.press('Escape');
      await expect(drawer).toBeHidden();

      await page.getByRole('tab', { name: 'Schema' }).click();
      await expect(page).toHaveURL(new RegExp(`/collections/${COLLECTION}/schema$`));
      await expect(page.getByText('genre').first()).toBeVisible();
      await audit(page, 'schema', findings);
      if (theme === 'dark') await screenshot(page, 'schema-designer-dark');

      await page.getByRole('tab', { name: 'Access rules' }).click();
      await expect(page).toHaveURL(new RegExp(`/collections/${COLLECTION}/rules$`));
      await expect(page.getByRole('heading', { name: 'list', exact: true })).toBeVisible();
      await audit(page, 'access rules', findings);

      await page.getByRole('tab', { name: 'API' }).click();
      await expect(page).toHaveURL(new RegExp(`/collections/${COLLECTION}/api$`));
      await expect(page.getByText(`/api/v1/collections/${COLLECTION}/records`).first()).toBeVisible();
      await audit(page, 'API docs', findings);

      const pages: { path: string; title: string | RegExp; ready?: (page: Page) => Promise<void> }[] = [
        {
          path: 'users',
          title: 'Users',
          ready: (p) => expect(p.getByRole('row').filter({ hasText: ADMIN.email })).toBeVisible(),
        },
        {
          path: 'api-keys',
          title: 'API keys',
          ready: (p) => expect(p.getByRole('cell', { name: API_KEY, exact: true })).toBeVisible(),
        },
        { path: 'settings/sign-in', title: 'Sign-in providers' },
        {
          path: 'webhooks',
          title: 'Webhooks',
          ready: (p) => expect(p.getByRole('row').filter({ hasText: WEBHOOK })).toBeVisible(),
        },
        { path: `webhooks/${webhookId}`, title: WEBHOOK },
        {
          path: 'functions',
          title: 'Functions',
          ready: (p) => expect(p.getByRole('row').filter({ hasText: FUNCTION })).toBeVisible(),
        },
        {
          path: `functions/${FUNCTION}/code`,
          title: new RegExp(FUNCTION),
          ready: (p) => expect(p.getByRole('textbox', { name: 'Function source' })).toBeVisible(),
        },
        { path: 'function-secrets', title: 'Function secrets' },
        { path: 'jobs', title: 'Jobs', ready: (p) => expect(p.getByRole('table', { name: 'Queues' })).toBeVisible() },
        { path: 'account', title: 'Account and security' },
        { path: 'no-such-page', title: 'Page not found' },
      ];
      for (const screen of pages) {
        await page.goto(screen.path);
        await heading(page, screen.title);
        await screen.ready?.(page);
        await audit(page, screen.path, findings);
        if (theme === 'dark' && screen.path === 'jobs') await screenshot(page, 'jobs-dark');
      }

      await page.goto('api-keys');
      await page.getByRole('button', { name: 'New API key' }).click();
      await expect(page.getByRole('dialog', { name: 'New API key' })).toBeVisible();
      await audit(page, 'new API key modal', findings);
      await page.keyboard.press('Escape');

      await page.goto('webhooks');
      await page.getByRole('button', { name: 'New webhook' }).click();
      await expect(page.getByRole('dialog', { name: 'New webhook' })).toBeVisible();
      await audit(page, 'new webhook modal', findings);

      report(theme, findings);
    });

    test(`GraphiQL in the ${theme} theme`, async ({ page }) => {
      await signInThroughStorage(page);
      const findings: Finding[] = [];
      await page.goto(`${baseUrl()}/api/graphql`);
      await expect(page.getByRole('button', { name: /Execute query/ })).toBeVisible();
      // Not ours to change short of forking GraphiQL: its tabs hold their close buttons
      // (nested-interactive), and its Monaco themes colour the code (comments at 3.6:1 in dark).
      // Everything else, line numbers included (src/graphiql/contrast.css), is held to the same bar.
      await audit(page, 'GraphiQL', findings, {
        rules: ['nested-interactive'],
        selectors: ['.graphiql-container .monaco-editor .view-lines'],
      });
      report(theme, findings);
    });
  });
}

test('the theme follows the system until chosen, and a choice is remembered', async ({ page }) => {
  await signInThroughStorage(page);
  const html = page.locator('html');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('collections');
  await heading(page, 'Collections');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

  // Nothing chosen: a change of the system's preference is followed at once.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');

  // The header's toggle, remembered across a reload while the system says light.
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await heading(page, 'Collections');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => window.localStorage.getItem('stagecraft.color-scheme'))).toBe('dark');

  // GraphiQL opens in the console's choice.
  await page.goto(`${baseUrl()}/api/graphql`);
  await expect(page.locator('body')).toHaveClass(/graphiql-dark/);

  // Back to the system's preference from the account menu.
  await page.goto('collections');
  await page.getByRole('button', { name: `Account menu: ${ADMIN.email}` }).click();
  await page.getByRole('menuitem', { name: 'Use the system theme' }).click();
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => window.localStorage.getItem('stagecraft.color-scheme'))).toBe('auto');
  await page.reload();
  await heading(page, 'Collections');
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light');
  // Nothing to go back to: the menu no longer offers it.
  await page.getByRole('button', { name: `Account menu: ${ADMIN.email}` }).click();
  await expect(page.getByRole('menuitem', { name: 'Account and security' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Use the system theme' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark');
});

test('skip link, page titles, and toasts clear of the record drawer', async ({ page }) => {
  await signInThroughStorage(page);
  await page.goto('users');
  await heading(page, 'Users');
  await expect(page).toHaveTitle('Users · Stagecraft');

  // The first Tab reaches the skip link, which moves focus to the page.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  await expect(page).toHaveURL(/\/admin\/users$/);

  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveTitle('API keys · Stagecraft');

  // A save in the record drawer: its toast has a named close button and covers neither the
  // drawer's header nor the page's toolbar.
  await page.goto(`collections/${COLLECTION}/records`);
  await page
    .getByRole('row')
    .filter({ hasText: 'Second' })
    .getByRole('button', { name: /Open record/ })
    .click();
  const drawer = page.getByRole('dialog', { name: `Edit ${COLLECTION} record` });
  await drawer.getByLabel('price').fill('4');
  const drawerHeader = await drawer.getByRole('heading', { name: `Edit ${COLLECTION} record` }).boundingBox();
  const saved = waitForApi(page, 'PATCH', new RegExp(`/api/v1/collections/${COLLECTION}/records/.+`));
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  expect((await saved).status()).toBe(200);
  const toast = page.getByRole('alert').filter({ hasText: 'Record saved' });
  await expect(toast).toBeVisible();
  await expect(toast.getByRole('button', { name: 'Close notification' })).toBeVisible();
  const toastBox = await toast.boundingBox();
  const toolbar = await page.getByRole('textbox', { name: 'Filter', exact: true }).boundingBox();
  const header = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(toastBox).not.toBeNull();
  for (const box of [drawerHeader, toolbar, header]) {
    expect(box).not.toBeNull();
    if (toastBox && box) {
      const overlaps =
        toastBox.x < box.x + box.width &&
        box.x < toastBox.x + toastBox.width &&
        toastBox.y < box.y + box.height &&
        box.y < toastBox.y + toastBox.height;
      expect(overlaps).toBe(false);
    }
  }
  const stored = await rest<{ data: { price: number } }>(
    admin,
    'GET',
    `/api/v1/collections/${COLLECTION}/records/${secondRecordId}`,
  );
  expect(stored.body.data.price).toBe(4);
});

/** Bytes of the first screen (collections, signed in) as they came over the wire. */
async function firstScreenBytes(page: Page): Promise<{ transferred: number; decoded: number; files: number }> {
  const responses: Response[] = [];
  page.on('response', (response) => responses.push(response));
  await page.goto('collections');
  await heading(page, 'Collections');
  await expect(page.getByRole('cell', { name: COLLECTION, exact: true })).toBeVisible();
  let transferred = 0;
  let decoded = 0;
  for (const response of responses) {
    const sizes = await response.request().sizes();
    transferred += sizes.responseBodySize + sizes.responseHeadersSize;
    decoded += (await response.body().catch(() => Buffer.alloc(0))).length;
  }
  return { transferred, decoded, files: responses.length };
}

test('the first screen comes compressed: a fraction of its size', async ({ page, browser }) => {
  await signInThroughStorage(page);
  const compressed = await firstScreenBytes(page);
  // As before compression existed: a browser that accepts no encoding gets every byte.
  const context = await browser.newContext({
    baseURL: `${baseUrl()}/admin/`,
    extraHTTPHeaders: { 'accept-encoding': 'identity' },
  });
  const plainPage = await context.newPage();
  await signInThroughStorage(plainPage);
  const plain = await firstScreenBytes(plainPage);
  await context.close();
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  console.log(
    `first screen (${compressed.files} responses): ${kB(plain.transferred)} transferred uncompressed, ` +
      `${kB(compressed.transferred)} compressed (${kB(compressed.decoded)} decoded)`,
  );
  expect(compressed.transferred).toBeLessThan(plain.transferred / 3);
});
