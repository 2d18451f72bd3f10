// Functions end to end, against the real API and its sandbox: a new function refused for a
// compile error shown in place in the editor, fixed and deployed; ctx completions; the test
// panel's result and logs; a second version, version 1 restored from the history; the
// invocation log, also of a call through the HTTP trigger; secrets granted to a function;
// deleting a secret and the function; an event trigger with a condition and a schedule, their
// problems shown at their rows and cleared on edit, saved; an event sent from the test panel, and
// a matching change run by the worker, logged with its try and event id.
import type { Locator, Page } from '@playwright/test';
import { ADMIN, baseUrl, expect, login, rest, signInThroughStorage, test, waitForApi, type Session } from './fixtures';

test.describe.configure({ mode: 'serial' });

let admin: Session;

const BROKEN = `export default async (ctx) => {
  const greeting = ;
  return greeting;
};
`;

const source = (version: number) => `export default async (ctx) => {
  ctx.log.info('hello from', ctx.trigger);
  return { version: ${version}, name: ctx.request?.query.name ?? 'world', trigger: ctx.trigger };
};
`;

const SECRET_SOURCE = `export default async (ctx) => {
  return { secret: await ctx.secrets.get('GREETING') };
};
`;

interface FunctionBody {
  triggers: {
    http?: { rule: string | null };
    events?: { collection: string; on: string[]; condition: string | null }[];
    schedule?: { cron: string; timezone: string | null };
  };
  version: { number: number; source: string; restored_from: number | null };
  settings: { secrets: string[] };
}

test.beforeAll(async () => {
  // The first admin, when this spec runs alone (after 01-first-run the answer is 409).
  const setup = await fetch(`${baseUrl()}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect([201, 409]).toContain(setup.status);
  admin = await login();
});

test.beforeEach(async ({ page }) => {
  await signInThroughStorage(page);
});

function editorOf(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Function source' });
}

async function deploy(page: Page, method: 'POST' | 'PATCH', status: number): Promise<void> {
  const deployed = waitForApi(page, method, /\/api\/v1\/functions(\/[a-z0-9_-]+)?$/);
  await page.getByRole('button', { name: 'Deploy' }).click();
  expect((await deployed).status()).toBe(status);
}

async function runTest(page: Page): Promise<Locator> {
  const tested = waitForApi(page, 'POST', '/api/v1/functions/greet/test');
  await page.getByRole('button', { name: 'Run test' }).click();
  expect((await tested).status()).toBe(200);
  return page.getByRole('region', { name: 'Test result' });
}

test('functions: a compile error in place, fixed and deployed, tested, redeployed, restored, logged', async ({
  page,
}) => {
  await page.goto('functions');
  await expect(page.getByText('No functions yet')).toBeVisible();
  await page.getByRole('link', { name: 'New function' }).click();
  await expect(page).toHaveURL(/\/admin\/functions\/new$/);
  await page.getByRole('textbox', { name: 'Name' }).fill('greet');
  await page.getByRole('switch', { name: 'HTTP trigger' }).check();
  await page.getByRole('radio', { name: 'Anyone, signed in or not' }).check();

  // Refused: nothing is saved, and the error is marked where it is.
  const editor = editorOf(page);
  await editor.fill(BROKEN);
  await deploy(page, 'POST', 400);
  const errors = page.getByRole('alert', { name: 'The source does not compile (1 error)' });
  await expect(errors).toContainText('Unexpected ";"');
  await expect(errors.getByRole('button', { name: /^Go to line 2, column \d+$/ })).toBeVisible();
  const marked = page.getByTestId('code-editor').locator('.cm-lintRange-error');
  await expect(marked).toHaveText(';');
  expect((await rest(admin, 'GET', '/api/v1/functions/greet')).status).toBe(404);

  // The errors belong to that text: editing it clears them.
  await editor.fill(source(1));
  await expect(errors).toBeHidden();
  await expect(marked).toHaveCount(0);
  await deploy(page, 'POST', 201);
  await expect(page).toHaveURL(/\/admin\/functions\/greet\/code$/);
  await expect(page.getByRole('heading', { name: 'greet' })).toBeVisible();
  await expect(page.getByLabel('Deployed version 1')).toBeVisible();
  const created = await rest<FunctionBody>(admin, 'GET', '/api/v1/functions/greet');
  expect(created.body.version.source).toBe(source(1));
  expect(created.body.triggers).toEqual({ http: { rule: '' } });

  // ctx completes from its typed description.
  await editorOf(page).press('Control+End');
  await editorOf(page).pressSequentially('ctx.rec');
  await expect(page.getByRole('option', { name: /^records/ })).toBeVisible();
  await editorOf(page).press('Escape');
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Discard changes' }).click();
  // Discarding an edit asks first.
  const discard = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
  await discard.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByText('Unsaved changes', { exact: true })).toBeHidden();

  // The test panel runs the deployed version with the request given.
  await page.getByRole('textbox', { name: 'Query' }).fill('name=Ada');
  let result = await runTest(page);
  await expect(result).toContainText('ok');
  await expect(result.getByLabel('Result of the test run')).toContainText('"name": "Ada"');
  await expect(result.getByLabel('Result of the test run')).toContainText('"version": 1');
  await expect(result.getByRole('table', { name: 'Logs of the test run' })).toContainText('hello from test');

  // A second version, deployed from the editor with Ctrl-S.
  await editorOf(page).fill(source(2));
  const patched = waitForApi(page, 'PATCH', '/api/v1/functions/greet');
  await editorOf(page).press('Control+s');
  expect((await patched).status()).toBe(200);
  await expect(page.getByLabel('Deployed version 2')).toBeVisible();
  result = await runTest(page);
  await expect(result.getByLabel('Result of the test run')).toContainText('"version": 2');

  // Version 1 again, from the history: a third version that names it.
  await page.getByRole('tab', { name: 'Versions' }).click();
  const versions = page.getByRole('table', { name: 'Versions' });
  await expect(versions.getByRole('row', { name: /v2/ })).toContainText('deployed');
  await versions.getByRole('button', { name: 'View source of version 1' }).click();
  await expect(page.getByRole('textbox', { name: 'Source of version 1' })).toContainText('version: 1');
  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  const restored = waitForApi(page, 'POST', '/api/v1/functions/greet/versions/1/restore');
  await page
    .getByRole('dialog', { name: 'Restore version 1?' })
    .getByRole('button', { name: 'Restore version 1' })
    .click();
  expect((await restored).status()).toBe(200);
  await expect(page.getByLabel('Deployed version 3')).toBeVisible();
  await expect(versions.getByRole('row', { name: /v3/ })).toContainText('restored from v1');
  await expect(versions.getByRole('row', { name: /v3/ })).toContainText('deployed');
  const stored = await rest<FunctionBody>(admin, 'GET', '/api/v1/functions/greet');
  expect(stored.body.version).toMatchObject({ number: 3, restored_from: 1, source: source(1) });

  // The log: both test runs, with their logs.
  await page.getByRole('tab', { name: 'Invocations' }).click();
  const invocations = page.getByRole('table', { name: 'Invocations' });
  await expect(invocations.locator('tbody tr')).toHaveCount(2);
  const first = invocations.locator('tbody tr').filter({ hasText: 'v1' });
  await expect(first).toContainText('test');
  await expect(first).toContainText('ok');
  await first.getByRole('button', { name: /^Show details of invocation/ }).click();
  await expect(page.getByRole('table', { name: /^Logs of invocation/ })).toContainText('hello from test');

  // A call through the HTTP trigger, by anyone: in the log with trigger http.
  const called = await fetch(`${baseUrl()}/api/v1/functions/greet/invoke/hello?name=Bob`);
  expect(called.status).toBe(200);
  expect(await called.json()).toEqual({ version: 1, name: 'Bob', trigger: 'http' });
  await page.getByRole('combobox', { name: 'Trigger' }).click();
  await page.getByRole('option', { name: 'http' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const http = invocations.locator('tbody tr');
  await expect(http).toHaveCount(1);
  await expect(http).toContainText('http');
  await expect(http).toContainText('200');
  await expect(http).toContainText('v3');
});

test('function secrets: set, replace, granted to a function and read; then deleted with the function', async ({
  page,
}) => {
  await page.goto('function-secrets');
  await expect(page.getByText('No secrets yet')).toBeVisible();
  await page.getByRole('button', { name: 'New secret' }).click();
  let dialog = page.getByRole('dialog', { name: 'New secret' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('greeting');
  await dialog.getByLabel('Value').fill('first value');
  let saved = waitForApi(page, 'PUT', '/api/v1/function-secrets/GREETING');
  await dialog.getByRole('button', { name: 'Save secret' }).click();
  expect((await saved).status()).toBe(201);
  const secrets = page.getByRole('table', { name: 'Secrets' });
  await expect(secrets).toContainText('GREETING');

  await secrets.getByRole('button', { name: 'Replace the value of GREETING' }).click();
  dialog = page.getByRole('dialog', { name: 'Replace the value of GREETING' });
  await dialog.getByLabel('Value').fill('hello again');
  saved = waitForApi(page, 'PUT', '/api/v1/function-secrets/GREETING');
  await dialog.getByRole('button', { name: 'Replace value' }).click();
  expect((await saved).status()).toBe(200);

  // Granted in the function's settings, it can be read.
  await page.goto('functions/greet/code');
  await page.getByRole('combobox', { name: 'Secrets' }).click();
  await page.getByRole('option', { name: 'GREETING' }).click();
  await editorOf(page).fill(SECRET_SOURCE);
  await deploy(page, 'PATCH', 200);
  await expect(page.getByLabel('Deployed version 4')).toBeVisible();
  const granted = await rest<FunctionBody>(admin, 'GET', '/api/v1/functions/greet');
  expect(granted.body.settings.secrets).toEqual(['GREETING']);
  const result = await runTest(page);
  await expect(result.getByLabel('Result of the test run')).toContainText('"secret": "hello again"');

  await page.goto('function-secrets');
  await secrets.getByRole('button', { name: 'Delete GREETING' }).click();
  const removed = waitForApi(page, 'DELETE', '/api/v1/function-secrets/GREETING');
  await page.getByRole('dialog', { name: 'Delete GREETING?' }).getByRole('button', { name: 'Delete secret' }).click();
  expect((await removed).status()).toBe(204);
  await expect(page.getByText('No secrets yet')).toBeVisible();

  // The list, then the function deleted from its page.
  await page.getByRole('link', { name: 'Functions', exact: true }).click();
  const list = page.getByRole('table', { name: 'Functions' });
  await expect(list.getByRole('row', { name: /greet/ })).toContainText('HTTP · anyone');
  await expect(list.getByRole('row', { name: /greet/ })).toContainText('v4');
  await list.getByRole('button', { name: 'greet' }).click();
  await page.getByRole('button', { name: 'Function actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete function…' }).click();
  const deleted = waitForApi(page, 'DELETE', '/api/v1/functions/greet');
  await page.getByRole('dialog', { name: 'Delete “greet”?' }).getByRole('button', { name: 'Delete function' }).click();
  expect((await deleted).status()).toBe(204);
  await expect(page).toHaveURL(/\/admin\/functions$/);
  await expect(page.getByText('No functions yet')).toBeVisible();
  expect((await rest(admin, 'GET', '/api/v1/functions/greet')).status).toBe(404);
});

const EVENT_SOURCE = `export default async (ctx) => {
  ctx.log.info('event', ctx.event?.type);
  return { type: ctx.event?.type, collection: ctx.event?.data?.collection, key: ctx.idempotency_key };
};
`;

test('function triggers: an event trigger with a condition and a schedule, refused at their rows, fixed, saved, tested with an event', async ({
  page,
}) => {
  const collection = await rest(admin, 'POST', '/api/v1/collections', {
    name: 'fn_orders',
    fields: [
      { name: 'status', type: 'text' },
      { name: 'total', type: 'number' },
    ],
  });
  expect(collection.status).toBe(201);
  const created = await rest(admin, 'POST', '/api/v1/functions', {
    name: 'on_order',
    language: 'javascript',
    source: EVENT_SOURCE,
  });
  expect(created.status).toBe(201);

  await page.goto('functions/on_order/code');
  await page.getByRole('button', { name: 'Add event trigger' }).click();
  const row = page.getByRole('group', { name: 'Event trigger 1' });
  await row.getByRole('combobox', { name: 'Collection' }).click();
  await page.getByRole('option', { name: 'fn_orders' }).click();
  await row.getByRole('checkbox', { name: 'delete' }).uncheck();
  await row.getByRole('textbox', { name: 'Condition' }).fill('nope = 1');
  await page.getByRole('switch', { name: 'Schedule' }).check();
  await expect(page.getByRole('textbox', { name: 'Cron pattern' })).toHaveValue('0 3 * * *');
  const timezone = page.getByRole('combobox', { name: 'Time zone' });
  await timezone.fill('Mars/Base');
  await timezone.press('Escape');

  // Refused: each problem at its row and input.
  await deploy(page, 'PATCH', 400);
  await expect(row.getByRole('alert')).toContainText('Unknown field "nope"');
  const badZone = page.getByText('The time zone must be an IANA time zone, e.g. Europe/Paris.');
  await expect(badZone).toBeVisible();

  // Editing an input clears its problem.
  await row.getByRole('textbox', { name: 'Condition' }).fill('status = "paid"');
  await expect(row.getByRole('alert')).toBeHidden();
  await timezone.fill('Europe/Paris');
  await timezone.press('Escape');
  await expect(badZone).toBeHidden();
  await deploy(page, 'PATCH', 200);
  const saved = await rest<FunctionBody>(admin, 'GET', '/api/v1/functions/on_order');
  expect(saved.body.triggers).toEqual({
    events: [{ collection: 'fn_orders', on: ['create', 'update'], condition: 'status = "paid"' }],
    schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' },
  });
  await expect(page.getByText('Unsaved changes')).toBeHidden();

  // The test panel sends a sample event of the trigger's collection as ctx.event.
  const panel = page.getByRole('form', { name: 'Test the function' });
  await panel.getByText('Event', { exact: true }).click();
  const eventJson = panel.getByRole('textbox', { name: 'Event (JSON)' });
  await expect(eventJson).toHaveValue(/"collection": "fn_orders"/);
  const sample = JSON.parse(await eventJson.inputValue()) as { id: string };
  const tested = waitForApi(page, 'POST', '/api/v1/functions/on_order/test');
  await panel.getByRole('button', { name: 'Run test' }).click();
  expect((await tested).status()).toBe(200);
  const result = page.getByRole('region', { name: 'Test result' }).getByLabel('Result of the test run');
  await expect(result).toContainText('"type": "record.created"');
  await expect(result).toContainText('"collection": "fn_orders"');
  await expect(result).toContainText(`"key": "${sample.id}"`);

  // A change that meets the condition runs it in the worker: an event run with its try and event id.
  const order = await rest(admin, 'POST', '/api/v1/collections/fn_orders/records', { status: 'paid', total: 3 });
  expect(order.status).toBe(201);
  await page.getByRole('tab', { name: 'Invocations' }).click();
  await page.getByRole('combobox', { name: 'Trigger' }).click();
  await page.getByRole('option', { name: 'event', exact: true }).click();
  const invocations = page.getByRole('table', { name: 'Invocations' });
  // The log is polled: the run shows without a refresh.
  await expect(invocations.locator('tbody tr')).toContainText('try 1', { timeout: 20_000 });
  await invocations.getByRole('button', { name: /^Show details of invocation/ }).click();
  await expect(invocations).toContainText(/Event [0-9a-f-]{36}/);

  // None of its runs was dead-lettered.
  await page.getByRole('checkbox', { name: 'Dead-lettered only' }).check();
  await expect(page.getByText('No matching invocations')).toBeVisible();

  expect((await rest(admin, 'DELETE', '/api/v1/functions/on_order')).status).toBe(204);
  expect((await rest(admin, 'DELETE', '/api/v1/collections/fn_orders')).status).toBeLessThan(300);
});
