// Automation end to end, against the real API and worker: a webhook posting to a receiver this
// test runs (a test send, record events in the delivery log, a failure redelivered), imports
// and exports in the records browser, a failed import retried from the jobs screen, and the
// pages that emailed links open (reset password, verify email).
import type { Locator, Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  emailedLink,
  expect,
  login,
  rest,
  screenshot,
  signInThroughStorage,
  test,
  waitForApi,
  type Session,
} from './fixtures';

test.describe.configure({ mode: 'serial' });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback that answers `status` and keeps what it got. */
const receiver = { status: 200, received: [] as Received[], url: '' };
let server: Server;
let admin: Session;

const CSV = 'title,total\nAlpha,10\nBeta,-1\nGamma,7\n';
const PASSWORD = 'e2e user long password 1';

test.beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      receiver.received.push({ headers: request.headers, body });
      response.writeHead(receiver.status, { 'content-type': 'text/plain' });
      response.end(receiver.status < 300 ? 'thanks' : 'receiver down');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/orders`;

  admin = await login();
  const created = await rest(admin, 'POST', '/api/v1/collections', {
    name: 'orders',
    rules: { list: '', view: '' },
    fields: [
      { name: 'title', type: 'text', options: { required: true } },
      { name: 'total', type: 'number', options: { min: 0 } },
    ],
  });
  expect(created.status).toBe(201);
});

test.afterAll(async () => {
  await new Promise((done) => server.close(done));
});

test.beforeEach(async ({ page }) => {
  await signInThroughStorage(page);
});

function deliveryRows(page: Page, eventType: string): Locator {
  return page.getByRole('table', { name: 'Deliveries' }).getByRole('row').filter({ hasText: eventType });
}

function bodyOf(received: Received): { type: string; data: { record?: { title?: string } } } {
  return JSON.parse(received.body) as { type: string; data: { record?: { title?: string } } };
}

test('webhooks: create with a checked condition, send a test, log events, redeliver a failure', async ({ page }) => {
  await page.goto('webhooks');
  await expect(page.getByText('No webhooks yet')).toBeVisible();
  await page.getByRole('button', { name: 'New webhook' }).click();
  const dialog = page.getByRole('dialog', { name: 'New webhook' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('order-sync');
  await dialog.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
  await dialog.getByRole('combobox', { name: 'Collections' }).click();
  await page.getByRole('option', { name: 'orders' }).click();
  await dialog.getByRole('textbox', { name: 'Name' }).click(); // closes the list of collections
  await dialog.getByRole('checkbox', { name: 'delete' }).uncheck();

  // The condition is checked against the chosen collection as it is typed.
  const condition = dialog.getByRole('textbox', { name: 'Condition' });
  await condition.fill('totl >= 0');
  await expect(dialog.getByRole('alert')).toContainText('Unknown field "totl"');
  await expect(condition).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'webhook-form');
  await condition.fill('total >= 0');
  await expect(dialog.getByRole('alert')).toBeHidden();

  const created = waitForApi(page, 'POST', '/api/v1/webhooks');
  await dialog.getByRole('button', { name: 'Create webhook' }).click();
  expect((await created).status()).toBe(201);
  await expect(page).toHaveURL(/\/admin\/webhooks\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'order-sync' })).toBeVisible();
  const settings = page.getByRole('table', { name: 'Webhook settings' });
  await expect(settings).toContainText('total >= 0');
  await settings.getByRole('button', { name: 'Show' }).click();
  const secret = ((await settings.getByLabel('Signing secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^whsec_/);

  // A test send: delivered now, with the answer shown, and signed with the secret.
  const tested = waitForApi(page, 'POST', /\/api\/v1\/webhooks\/.+\/test$/);
  await page.getByRole('button', { name: 'Send test' }).click();
  expect((await tested).status()).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'Test delivered' })).toContainText('200');
  const testSend = receiver.received.at(-1);
  if (!testSend) throw new Error('the receiver got nothing');
  expect(bodyOf(testSend).type).toBe('webhook.test');
  const id = String(testSend.headers['webhook-id']);
  const timestamp = String(testSend.headers['webhook-timestamp']);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${testSend.body}`).digest('base64');
  expect(testSend.headers['webhook-signature']).toBe(`v1,${signature}`);

  // A record created through the API: its event appears in the (live) delivery log.
  expect((await rest(admin, 'POST', '/api/v1/collections/orders/records', { title: 'first', total: 12 })).status).toBe(
    201,
  );
  await expect(deliveryRows(page, 'record.created').first()).toContainText('succeeded');

  // The receiver fails: two attempts, then the delivery is dead, each attempt logged.
  receiver.status = 500;
  expect((await rest(admin, 'POST', '/api/v1/collections/orders/records', { title: 'second', total: 3 })).status).toBe(
    201,
  );
  const failed = deliveryRows(page, 'record.created').first();
  await expect(failed).toContainText('dead', { timeout: 20_000 });
  await failed.getByRole('button', { name: /^Show attempts of delivery/ }).click();
  const attempts = page.getByRole('table', { name: /^Attempts of delivery/ });
  await expect(attempts.locator('tbody tr')).toHaveCount(2);
  await expect(attempts).toContainText('500');
  await expect(attempts).toContainText('receiver down');
  await screenshot(page, 'webhook-deliveries');

  // Back up: redelivered by hand, it succeeds with the same event.
  receiver.status = 200;
  const redelivered = waitForApi(page, 'POST', /\/deliveries\/.+\/redeliver$/);
  await failed.getByRole('button', { name: /^Redeliver delivery/ }).click();
  expect((await redelivered).status()).toBe(202);
  await expect(deliveryRows(page, 'record.created').first()).toContainText('succeeded');
  const last = receiver.received.at(-1);
  expect(last && bodyOf(last).data.record?.title).toBe('second');

  // The list: switched off there, the webhook stops.
  await page.getByRole('link', { name: '← All webhooks' }).click();
  const list = page.getByRole('table', { name: 'Webhooks' });
  await expect(list.getByRole('row', { name: /order-sync/ })).toContainText('create');
  await screenshot(page, 'webhooks');
  const disabled = waitForApi(page, 'PATCH', /\/api\/v1\/webhooks\/.+/);
  await list.getByRole('switch', { name: 'order-sync enabled' }).dispatchEvent('click');
  expect((await disabled).status()).toBe(200);
  await expect(list.getByRole('switch', { name: 'order-sync enabled' })).not.toBeChecked();
  const stored = await rest<{ data: { enabled: boolean }[] }>(admin, 'GET', '/api/v1/webhooks');
  expect(stored.body.data[0]?.enabled).toBe(false);
});

test('webhooks: edit and delete with confirmation', async ({ page }) => {
  const created = await rest<{ id: string }>(admin, 'POST', '/api/v1/webhooks', {
    name: 'short-lived',
    url: receiver.url,
  });
  expect(created.status).toBe(201);
  await page.goto(`webhooks/${created.body.id}`);
  await page.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit webhook “short-lived”' });
  await dialog.getByRole('textbox', { name: 'URL' }).fill('ftp://example.com/hook');
  await dialog.getByRole('button', { name: 'Save webhook' }).click();
  await expect(dialog.getByText('The url must use http or https.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'URL' }).fill(`${receiver.url}/v2`);
  const saved = waitForApi(page, 'PATCH', /\/api\/v1\/webhooks\/.+/);
  await dialog.getByRole('button', { name: 'Save webhook' }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole('table', { name: 'Webhook settings' })).toContainText('/hooks/orders/v2');
  const edited = await rest<{ name: string; url: string; actions: string[] }>(
    admin,
    'GET',
    `/api/v1/webhooks/${created.body.id}`,
  );
  expect(edited.body).toMatchObject({ name: 'short-lived', url: `${receiver.url}/v2` });

  await page.getByRole('button', { name: 'Webhook actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete webhook…' }).click();
  const removed = waitForApi(page, 'DELETE', /\/api\/v1\/webhooks\/.+/);
  await page
    .getByRole('dialog', { name: 'Delete “short-lived”?' })
    .getByRole('button', { name: 'Delete webhook' })
    .click();
  expect((await removed).status()).toBe(204);
  await expect(page).toHaveURL(/\/admin\/webhooks$/);
  await expect(page.getByRole('table', { name: 'Webhooks' })).not.toContainText('short-lived');
});

async function importFile(page: Page, mode: RegExp): Promise<Locator> {
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import into orders' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'File' }).click();
  await (await chooser).setFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(dialog.getByRole('combobox', { name: 'Format' })).toHaveValue(/^CSV/);
  await dialog.getByRole('radio', { name: mode }).check();
  const uploaded = waitForApi(page, 'POST', '/api/v1/collections/orders/import');
  await dialog.getByRole('button', { name: 'Upload and import' }).click();
  expect((await uploaded).status()).toBe(202);
  return dialog;
}

test('imports: all or nothing refuses the file, skipping imports the good rows; both list the bad row', async ({
  page,
}) => {
  await page.goto('collections/orders/records');
  const rows = page.getByRole('grid', { name: 'orders records' }).locator('tbody').getByRole('row');
  await expect(rows).toHaveCount(2);

  let dialog = await importFile(page, /Import nothing/);
  await expect(dialog.getByRole('status').filter({ hasText: 'Import failed' })).toContainText('0 records imported');
  const errors = dialog.getByRole('table', { name: 'Row errors' });
  await expect(errors.locator('tbody tr')).toHaveCount(1);
  await expect(errors.locator('tbody tr')).toContainText(/^2\s*total/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(rows).toHaveCount(2);

  dialog = await importFile(page, /Skip the invalid rows/);
  await expect(dialog.getByRole('status').filter({ hasText: 'Import finished' })).toContainText(
    '2 records imported, 1 skipped',
  );
  await expect(dialog.getByRole('table', { name: 'Row errors' }).locator('tbody tr')).toContainText('total');
  await screenshot(page, 'records-import');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('grid', { name: 'orders records' })).toContainText('Gamma');
  await expect(page.getByRole('grid', { name: 'orders records' })).not.toContainText('Beta');
});

test('jobs: queues with counts, the failed import opened and retried once the schema allows it', async ({ page }) => {
  await page.goto('jobs?queue=imports');
  const queues = page.getByRole('table', { name: 'Queues' });
  await expect(queues.getByRole('row', { name: /imports/ })).toBeVisible();
  await expect(queues.getByRole('row', { name: /webhooks/ })).toBeVisible();
  // Failures first: the failed all-or-nothing import is what the queue opens on.
  const failed = page.getByRole('table', { name: 'failed jobs in imports' });
  await expect(failed.locator('tbody tr')).toHaveCount(1);
  await expect(failed).toContainText('nothing was imported');
  await screenshot(page, 'jobs');

  await failed.getByRole('button', { name: /^Open job / }).click();
  const drawer = page.getByRole('dialog', { name: /^Job / });
  await expect(drawer.getByText('Failed reason')).toBeVisible();
  await expect(drawer.getByLabel('Data')).toContainText('"mode": "all_or_nothing"');
  await expect(drawer.getByLabel('Progress')).toContainText('"errors_total": 1');

  // Let negative totals in, then run the same upload again.
  const relaxed = await rest(admin, 'PATCH', '/api/v1/collections/orders/fields/total', { options: {} });
  expect(relaxed.status).toBe(200);
  const retried = waitForApi(page, 'POST', /\/api\/v1\/jobs\/.+\/retry$/);
  await drawer.getByRole('button', { name: 'Retry job' }).click();
  expect((await retried).status()).toBe(202);
  await expect(drawer.getByText('completed', { exact: true })).toBeVisible();
  await expect(drawer.getByLabel('Result')).toContainText('"inserted": 3');
  const orders = await rest<{ meta: { total: number } }>(
    admin,
    'GET',
    '/api/v1/collections/orders/records?count=exact&limit=1',
  );
  expect(orders.body.meta.total).toBe(7);
});

test('exports: the filtered records as CSV, downloaded through the signed-in client', async ({ page }) => {
  await page.goto('collections/orders/records');
  const listed = page.waitForResponse((response) => response.url().includes('filter='));
  await page.getByRole('textbox', { name: 'Filter' }).fill('total > 5');
  await page.getByRole('button', { name: 'Apply' }).click();
  await listed;
  await expect(page.getByRole('grid', { name: 'orders records' }).locator('tbody').getByRole('row')).toHaveCount(5);

  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export orders' });
  await expect(dialog).toContainText('total > 5');
  const started = waitForApi(page, 'POST', '/api/v1/collections/orders/export');
  await dialog.getByRole('button', { name: 'Start export' }).click();
  const job = await started;
  expect(job.status()).toBe(202);
  const exported = (await job.json()) as { data: { filter?: string; sort?: string; format: string } };
  expect(exported.data).toMatchObject({ format: 'csv', filter: 'total > 5', sort: '-created_at' });
  await expect(dialog.getByRole('status').filter({ hasText: 'Export ready' })).toContainText('5 records');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: /^Download / }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^orders.*\.csv$/);
  const csv = await readFile(await file.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain('title');
  expect(lines).toHaveLength(6);
  expect(csv).toContain('Alpha');
  expect(csv).not.toContain('Beta');
});

test('users: a password reset email, and its link works signed out, once', async ({ page, browser }) => {
  const email = 'carol@example.com';
  expect((await rest(admin, 'POST', '/api/v1/users', { email, password: PASSWORD, role: 'user' })).status).toBe(201);
  await page.goto('users');
  await page.getByLabel('Search users by email').fill('carol');
  await expect(page.getByRole('table', { name: 'Users' }).locator('tbody tr')).toHaveCount(1);
  await page.getByRole('button', { name: `Actions for ${email}` }).click();
  const sent = waitForApi(page, 'POST', /\/api\/v1\/users\/.+\/password-reset$/);
  await page.getByRole('menuitem', { name: 'Send password reset email' }).click();
  expect((await sent).status()).toBe(202);
  await expect(page.getByText(`Password reset email sent to ${email}`)).toBeVisible();

  let link: string | null = null;
  await expect.poll(async () => (link = await emailedLink(email, 'reset-password'))).not.toBeNull();
  const signedOut = await browser.newContext();
  const visitor = await signedOut.newPage();
  await visitor.goto(link ?? '');
  await expect(visitor.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await visitor.getByRole('textbox', { name: 'New password', exact: true }).fill('carols new password 42');
  await visitor.getByRole('textbox', { name: 'Repeat the new password' }).fill('carols new password 24');
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor.getByText('The two passwords differ')).toBeVisible();
  await visitor.getByRole('textbox', { name: 'Repeat the new password' }).fill('carols new password 42');
  await screenshot(visitor, 'reset-password');
  const reset = waitForApi(visitor, 'POST', '/api/v1/auth/password-reset');
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  expect((await reset).status()).toBe(200);
  await expect(visitor.getByRole('status')).toContainText('Your password is changed');
  await login(email, 'carols new password 42');

  // The link works once.
  await visitor.goto(link ?? '');
  await visitor.getByRole('textbox', { name: 'New password', exact: true }).fill('carols third password 7');
  await visitor.getByRole('textbox', { name: 'Repeat the new password' }).fill('carols third password 7');
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor.getByRole('alert')).toContainText('The password was not changed');
  await signedOut.close();
});

test('verify email: the emailed link verifies the address on load, signed out', async ({ browser }) => {
  const email = 'dave@example.com';
  const registered = await rest(admin, 'POST', '/api/v1/auth/register', { email, password: PASSWORD });
  expect(registered.status).toBe(201);
  let link: string | null = null;
  await expect.poll(async () => (link = await emailedLink(email, 'verify-email'))).not.toBeNull();

  const signedOut = await browser.newContext();
  const visitor = await signedOut.newPage();
  const verified = waitForApi(visitor, 'POST', '/api/v1/auth/verify-email');
  await visitor.goto(link ?? '');
  expect((await verified).status()).toBe(200);
  await expect(visitor.getByRole('status')).toContainText('Your email address is verified');
  const users = await rest<{ data: { verified: boolean }[] }>(admin, 'GET', `/api/v1/users?email=dave`);
  expect(users.body.data[0]?.verified).toBe(true);

  await visitor.reload();
  await expect(visitor.getByRole('alert')).toContainText('The address was not verified');
  await signedOut.close();
});
