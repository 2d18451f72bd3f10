// First run: the console asks for the first admin, signs in as them, and can sign out and in.
import { ADMIN, expect, screenshot, test, waitForApi } from './fixtures';

test('first run creates the admin, then sign out and sign in', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Create the first admin' })).toBeVisible();
  await screenshot(page, 'first-run-setup');

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('short');
  let answer = waitForApi(page, 'POST', '/api/v1/auth/setup');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  expect((await answer).status()).toBe(400);
  // The password policy's problem shows at the password input.
  await expect(page.getByText('Password must be at least 10 characters long.')).toBeVisible();

  await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
  answer = waitForApi(page, 'POST', '/api/v1/auth/setup');
  await page.getByRole('button', { name: 'Create admin and sign in' }).click();
  expect((await answer).status()).toBe(201);
  await expect(page.getByRole('heading', { name: 'Collections' })).toBeVisible();
  await expect(page.getByText('No collections yet')).toBeVisible();
  await screenshot(page, 'collections-empty');

  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('stagecraft.session'))).toBeNull();

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('wrong password here');
  answer = waitForApi(page, 'POST', '/api/v1/auth/login');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  expect((await answer).status()).toBe(401);
  await expect(page.getByRole('alert')).toBeVisible();
  await screenshot(page, 'sign-in-error');

  await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Collections' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('stagecraft.session'))).toContain('refreshToken');
});
