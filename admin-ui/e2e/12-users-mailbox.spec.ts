// Users and the development mailbox: an admin sets a user's password (it signs in through REST),
// deletes a user after a confirmation naming them (gone through REST), and reads a password
// reset link in the Mailbox page (the server has no SMTP_URL, so it captured the email).
import { randomBytes } from 'node:crypto';
import { ADMIN, baseUrl, expect, login, rest, screenshot, signInThroughStorage, test, waitForApi } from './fixtures';
import type { Page } from '@playwright/test';

const PASSWORD = 'first long password 1';

/** A user of its own, created through REST, so this spec depends on no other. */
async function newUser(label: string): Promise<{ id: string; email: string }> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const created = await rest<{ id: string; email: string }>(await login(), 'POST', '/api/v1/users', {
    email,
    password: PASSWORD,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function findUser(page: Page, email: string): Promise<void> {
  await page.goto('users');
  const search = page.waitForResponse((response) => response.url().includes(`email=${encodeURIComponent(email)}`));
  await page.getByLabel('Search users by email').fill(email);
  await search;
  await expect(page.getByRole('table', { name: 'Users' }).locator('tbody tr')).toHaveCount(1);
}

async function signInStatus(email: string, password: string): Promise<number> {
  const response = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

test('set a user’s password: Escape asks first, the policy speaks in a sentence, then the new password signs in', async ({
  page,
}) => {
  const user = await newUser('carol');
  await signInThroughStorage(page);
  await findUser(page, user.email);

  await page.getByRole('button', { name: `Actions for ${user.email}` }).click();
  await page.getByRole('menuitem', { name: 'Set password…' }).click();
  const dialog = page.getByRole('dialog', { name: `Set the password of ${user.email}` });
  await dialog.getByLabel('New password').fill('short');
  await page.keyboard.press('Escape');
  const question = page.getByRole('dialog', { name: 'Close without saving?' });
  await expect(question).toContainText(`Your changes to the password of ${user.email} are not saved`);
  await question.getByRole('button', { name: 'Keep editing' }).click();
  await expect(dialog.getByLabel('New password')).toHaveValue('short');
  let answer = waitForApi(page, 'PUT', `/api/v1/users/${user.id}/password`);
  await dialog.getByRole('button', { name: 'Set password' }).click();
  expect((await answer).status()).toBe(400);
  await expect(dialog.getByText('Password must be at least 10 characters long.')).toBeVisible();

  await dialog.getByLabel('New password').fill('carols new password 2');
  answer = waitForApi(page, 'PUT', `/api/v1/users/${user.id}/password`);
  await dialog.getByRole('button', { name: 'Set password' }).click();
  expect((await answer).status()).toBe(200);
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Password of ${user.email} set`)).toBeVisible();

  expect(await signInStatus(user.email, 'carols new password 2')).toBe(200);
  expect(await signInStatus(user.email, PASSWORD)).toBe(401);
});

test('delete a user after a confirmation naming them; never yourself', async ({ page }) => {
  const user = await newUser('dave');
  await signInThroughStorage(page);

  await findUser(page, ADMIN.email);
  await page.getByRole('button', { name: `Actions for ${ADMIN.email}` }).click();
  await expect(page.getByRole('menuitem', { name: 'Delete user…' })).toBeDisabled();
  await page.keyboard.press('Escape');

  await findUser(page, user.email);
  await page.getByRole('button', { name: `Actions for ${user.email}` }).click();
  await page.getByRole('menuitem', { name: 'Delete user…' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${user.email}?` });
  await expect(dialog).toContainText(`The account of ${user.email}`);
  const deleted = waitForApi(page, 'DELETE', `/api/v1/users/${user.id}`);
  await dialog.getByRole('button', { name: 'Delete user' }).click();
  expect((await deleted).status()).toBe(204);
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${user.email} deleted`)).toBeVisible();

  const gone = await rest(await login(), 'GET', `/api/v1/users/${user.id}`);
  expect(gone.status).toBe(404);
});

test('a password reset link is read in the Mailbox page', async ({ page }) => {
  const user = await newUser('erin');
  const requested = await fetch(`${baseUrl()}/api/v1/auth/password-reset/request`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email }),
  });
  expect(requested.status).toBe(202);
  // The worker captures it asynchronously: wait for the mailbox API to list it.
  const admin = await login();
  await expect
    .poll(async () => (await rest<{ data: unknown[] }>(admin, 'GET', `/api/v1/mailbox?to=${user.email}`)).body.data)
    .toHaveLength(1);

  await signInThroughStorage(page);
  await page.goto('collections');
  const listed = waitForApi(page, 'GET', '/api/v1/mailbox');
  await page.getByRole('link', { name: 'Mailbox' }).click();
  expect((await listed).status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Mailbox' })).toBeVisible();
  const filtered = page.waitForResponse((response) => response.url().includes(`to=${encodeURIComponent(user.email)}`));
  await page.getByLabel('Show email to one address').fill(user.email);
  await filtered;
  const table = page.getByRole('table', { name: 'Captured email' });
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText(user.email);

  const opened = waitForApi(page, 'GET', /\/api\/v1\/mailbox\/\d+$/);
  await table.getByRole('button', { name: 'Reset your password' }).click();
  expect((await opened).status()).toBe(200);
  const drawer = page.getByRole('dialog', { name: 'Captured email' });
  const link = drawer.getByRole('link', { name: /\/admin\/reset-password\?token=/ });
  await expect(link).toBeVisible();
  const href = await link.getAttribute('href');
  expect(href).toMatch(new RegExp(`^${baseUrl()}/admin/reset-password\\?token=\\S+$`));
  await screenshot(page, 'mailbox');

  // The HTML body is in a sandboxed frame, its link there too.
  await drawer.getByRole('tab', { name: 'HTML' }).click();
  const frame = drawer.locator('iframe');
  await expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
  await expect(frame.contentFrame().getByRole('link').first()).toHaveAttribute('href', href ?? '');

  // The link works: it sets a new password that signs in through REST.
  await page.goto(href ?? '');
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('erins new password 3');
  await page.getByRole('textbox', { name: 'Repeat the new password' }).fill('erins new password 3');
  const reset = waitForApi(page, 'POST', '/api/v1/auth/password-reset');
  await page.getByRole('button', { name: 'Set new password' }).click();
  expect((await reset).status()).toBe(200);
  await expect(page.getByText('Your password is changed')).toBeVisible();
  expect(await signInStatus(user.email, 'erins new password 3')).toBe(200);
});
