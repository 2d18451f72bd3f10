// Access management: users (create, search, role, disable, sign out everywhere), API keys
// (shown once, usable, revoked), and a session that outlives its access token.
import { baseUrl, expect, login, rest, screenshot, signInThroughStorage, test, waitForApi } from './fixtures';

test('users: create, search, force logout, change role, disable', async ({ page }) => {
  await signInThroughStorage(page);
  await page.goto('users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByRole('textbox', { name: 'Email' }).fill('bob@example.com');
  await dialog.getByRole('textbox', { name: 'Password' }).fill('bobs long password 1');
  const created = waitForApi(page, 'POST', '/api/v1/users');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  expect((await created).status()).toBe(201);
  await expect(dialog).toBeHidden();

  const search = page.waitForResponse((response) => response.url().includes('email=bob'));
  await page.getByLabel('Search users by email').fill('bob');
  await search;
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.locator('tbody tr')).toHaveCount(1);
  await expect(users).toContainText('bob@example.com');
  await screenshot(page, 'users');

  const bob = await login('bob@example.com', 'bobs long password 1');
  await page.getByRole('button', { name: 'Actions for bob@example.com' }).click();
  await page.getByRole('menuitem', { name: 'Sign out everywhere…' }).click();
  const loggedOut = waitForApi(page, 'POST', /\/api\/v1\/users\/.+\/logout$/);
  await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
  expect((await loggedOut).status()).toBe(200);
  await expect(page.getByText('bob@example.com: 1 session signed out')).toBeVisible();
  const refresh = await fetch(`${baseUrl()}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: bob.refreshToken }),
  });
  expect(refresh.status).toBe(401);

  await page.getByRole('combobox', { name: 'Role of bob@example.com' }).click();
  const promoted = waitForApi(page, 'PATCH', /\/api\/v1\/users\/.+/);
  await page.getByRole('option', { name: 'admin' }).click();
  expect((await promoted).status()).toBe(200);
  await expect(page.getByText('bob@example.com is now admin')).toBeVisible();
  const disabled = waitForApi(page, 'PATCH', /\/api\/v1\/users\/.+/);
  // A DOM click on the (visually hidden) input: a forced pointer click lands on whatever is
  // drawn over its coordinates, and a closing dropdown once swallowed it.
  await page.getByRole('switch', { name: 'bob@example.com enabled' }).dispatchEvent('click');
  expect((await disabled).status()).toBe(200);
  await expect(page.getByRole('switch', { name: 'bob@example.com enabled' })).not.toBeChecked();

  const admin = await login();
  const listed = await rest<{ data: { email: string; role: string; disabled: boolean }[] }>(
    admin,
    'GET',
    '/api/v1/users?email=bob',
  );
  expect(listed.body.data[0]).toMatchObject({ email: 'bob@example.com', role: 'admin', disabled: true });
});

test('API keys: the key is shown once, works, and stops working when revoked', async ({ page }) => {
  await signInThroughStorage(page);
  await page.goto('api-keys');
  await expect(page.getByText('No API keys yet')).toBeVisible();
  await page.getByRole('button', { name: 'New API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'New API key' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('billing-sync');
  await dialog.getByRole('combobox', { name: 'Role', exact: true }).click();
  await page.getByRole('option', { name: 'Admin' }).click();
  const created = waitForApi(page, 'POST', '/api/v1/api-keys');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  expect((await created).status()).toBe(201);
  const shown = page.getByRole('dialog', { name: 'API key created' });
  const key = ((await shown.getByLabel('The new API key').textContent()) ?? '').trim();
  expect(key).toMatch(/^sc_/);
  await screenshot(page, 'api-key-created');
  await shown.getByRole('button', { name: 'Done' }).click();

  const keys = page.getByRole('table', { name: 'API keys' });
  await expect(keys.getByRole('row', { name: /billing-sync/ })).toContainText('active');
  expect((await rest(key, 'GET', '/api/v1/collections')).status).toBe(200);
  await screenshot(page, 'api-keys');

  await page.getByRole('button', { name: 'Revoke billing-sync' }).click();
  const revoked = waitForApi(page, 'DELETE', /\/api\/v1\/api-keys\/.+/);
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
  expect((await revoked).status()).toBe(200);
  await expect(keys.getByRole('row', { name: /billing-sync/ })).toContainText('revoked');
  expect((await rest(key, 'GET', '/api/v1/collections')).status).toBe(401);
});

test('an expired access token is refreshed once, transparently', async ({ page }) => {
  const session = await login();
  // A token the server rejects, with a refresh token that still works.
  const stale = { ...session, accessToken: `${session.accessToken.slice(0, -4)}AAAA` };
  await page.addInitScript((value) => window.localStorage.setItem('stagecraft.session', value), JSON.stringify(stale));
  const refreshes: number[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('/api/v1/auth/refresh')) refreshes.push(response.status());
  });
  await page.goto('collections');
  await expect(page.getByRole('table', { name: 'Collections' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Collections' }).getByRole('row', { name: /books/ })).toBeVisible();
  // Several requests failed together (collections, me, counts); one refresh served them all.
  expect(refreshes).toEqual([200]);
  const stored = await page.evaluate(
    () => JSON.parse(localStorage.getItem('stagecraft.session') ?? '{}') as { accessToken?: string },
  );
  expect(stored.accessToken).not.toBe(stale.accessToken);
});
