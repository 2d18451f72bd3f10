// Passkeys end to end, with Chromium's virtual authenticator (the DevTools WebAuthn domain): a
// user adds a passkey on their account page (the first factor, so recovery codes come with it),
// signs in with it and no password, then uses it as the second step after a password, and
// finally removes it with a recovery code. WebAuthn needs a secure context and a host name,
// which is why the e2e server's PUBLIC_URL is http://localhost rather than an IP address.
import type { Page } from '@playwright/test';
import { ADMIN, baseUrl, expect, login, rest, test, waitForApi } from './fixtures';

const USER = { email: 'pat.passkey@example.com', password: 'pats long password 1' };
const PASSKEY = 'Test key';
let recoveryCodes: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // The first admin, when this spec runs alone (after 01-first-run the answer is 409).
  const setup = await fetch(`${baseUrl()}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect([201, 409]).toContain(setup.status);
  const created = await rest(await login(), 'POST', '/api/v1/users', { ...USER, role: 'user' });
  expect(created.status).toBe(201);
});

/** A platform authenticator that holds resident keys and verifies the user without a prompt. */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('WebAuthn.enable');
  await devtools.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

async function signInWithPassword(page: Page): Promise<void> {
  await page.getByLabel('Email').fill(USER.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(USER.password);
  const answer = waitForApi(page, 'POST', '/api/v1/auth/login');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  expect((await answer).status()).toBe(200);
}

test('a user adds a passkey, signs in with it alone, uses it as a second step, and removes it', async ({ page }) => {
  await addVirtualAuthenticator(page);
  await page.goto('./');
  await signInWithPassword(page);
  await expect(page.getByRole('heading', { name: 'Account and security' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Passkey name' }).fill(PASSKEY);
  const added = waitForApi(page, 'POST', '/api/v1/auth/mfa/passkeys');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  expect((await added).status()).toBe(201);
  const codesDialog = page.getByRole('dialog', { name: 'Save your recovery codes' });
  recoveryCodes = ((await codesDialog.getByLabel('Recovery codes').textContent()) ?? '').trim().split('\n');
  expect(recoveryCodes).toHaveLength(10);
  await codesDialog.getByRole('checkbox', { name: 'I have saved them' }).check();
  await codesDialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('table', { name: 'Passkeys' })).toContainText(PASSKEY);

  // Passwordless: the authenticator offers the passkey it holds for this site.
  await signOut(page);
  const passwordless = waitForApi(page, 'POST', '/api/v1/auth/passkeys/login');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  expect((await passwordless).status()).toBe(200);
  await expect(page.getByText(`Signed in as ${USER.email}`)).toBeVisible();

  // After a password, the passkey is the second step.
  await signOut(page);
  await signInWithPassword(page);
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  const verified = waitForApi(page, 'POST', '/api/v1/auth/mfa/verify');
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  expect((await verified).status()).toBe(200);
  await expect(page.getByText(`Signed in as ${USER.email}`)).toBeVisible();

  // Removing it needs a fresh factor; with no authenticator app, a recovery code.
  await page.getByRole('button', { name: `Remove passkey ${PASSKEY}` }).click();
  const proof = page.getByRole('dialog', { name: `Remove the passkey “${PASSKEY}”?` });
  await proof.getByRole('textbox', { name: 'Recovery code' }).fill(recoveryCodes[0] ?? '');
  const removed = waitForApi(page, 'DELETE', /\/api\/v1\/auth\/mfa\/passkeys\/[^/]+$/);
  await proof.getByRole('button', { name: /Remove/ }).click();
  expect((await removed).status()).toBe(204);
  await expect(page.getByRole('table', { name: 'Passkeys' })).toBeHidden();
});
