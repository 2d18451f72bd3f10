// Sign-in methods end to end, against a real OpenID Connect provider on loopback: an admin adds
// the provider in the console and tries it, a new user signs in through it and (their role must
// use MFA) sets up an authenticator app before anything else, sets a password, then signs in with
// the password and a code from the app, or a recovery code. The admin sees it on the user.
import type { Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { ADMIN, baseUrl, expect, login, rest, screenshot, signInThroughStorage, test, waitForApi } from './fixtures';
import { startIdentityProvider, type RunningIdentityProvider } from './identity-provider';

const PROVIDER = { name: 'testidp', displayName: 'Test IdP' };
const IDP_CLIENT = { client_id: 'stagecraft-e2e', client_secret: 'e2e-idp-client-secret-0123456789' };
const NEW_USER = { sub: 'erin-at-idp', email: 'erin.sso@example.com', name: 'Erin', password: 'erins long password 1' };
const APP_REDIRECT = 'https://app.example.com/auth/callback';

let idp: RunningIdentityProvider;
/** What erin's authenticator app knows, and the last time step a code was used for. */
const app: { totp?: OTPAuth.TOTP; usedStep?: number; recoveryCodes: string[] } = { recoveryCodes: [] };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // The first admin, when this spec runs alone (after 01-first-run the answer is 409).
  const setup = await fetch(`${baseUrl()}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect([201, 409]).toContain(setup.status);
  idp = await startIdentityProvider({
    clients: [{ ...IDP_CLIENT, redirect_uris: [`${baseUrl()}/api/v1/auth/oauth/${PROVIDER.name}/callback`] }],
    users: [{ sub: NEW_USER.sub, email: NEW_USER.email, email_verified: true, name: NEW_USER.name }],
  });
});

test.afterAll(async () => {
  await idp?.close();
  // Later runs of other specs on this database expect no MFA requirement.
  await rest(await login(), 'PATCH', '/api/v1/auth/settings', { mfa_required_roles: [] });
});

const TOTP_PERIOD_MS = 30_000;

/** A code for a time step after the last one used: a code works once, so this may wait for the clock. */
async function nextTotpCode(page: Page): Promise<string> {
  const totp = app.totp;
  if (!totp) throw new Error('no authenticator app was set up');
  const step = () => Math.floor(Date.now() / TOTP_PERIOD_MS);
  if (app.usedStep !== undefined && step() <= app.usedStep) {
    await page.waitForTimeout((app.usedStep + 1) * TOTP_PERIOD_MS - Date.now() + 250);
  }
  app.usedStep = step();
  return totp.generate();
}

async function signInAtIdentityProvider(page: Page, email: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto('./');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  const answer = waitForApi(page, 'POST', '/api/v1/auth/login');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  expect((await answer).status()).toBe(200);
}

test('an admin adds an OpenID Connect provider in the console and tries it with a test sign-in', async ({ page }) => {
  await signInWithPassword(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('heading', { name: 'Collections' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Sign-in providers' })
    .click();
  await expect(page.getByRole('heading', { name: 'Sign-in providers' })).toBeVisible();
  await expect(page.getByText('No sign-in providers yet')).toBeVisible();

  await page.getByRole('button', { name: 'New provider' }).click();
  const dialog = page.getByRole('dialog', { name: 'New sign-in provider' });
  await expect(dialog.getByRole('combobox', { name: 'Preset' })).toHaveValue('OpenID Connect');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(PROVIDER.name);
  await dialog.getByRole('textbox', { name: 'Display name' }).fill(PROVIDER.displayName);
  await dialog.getByRole('textbox', { name: 'Issuer URL' }).fill(idp.issuer);
  await dialog.getByRole('textbox', { name: 'Client ID' }).fill(IDP_CLIENT.client_id);
  await dialog.getByLabel('Client secret').fill(IDP_CLIENT.client_secret);
  const created = waitForApi(page, 'POST', '/api/v1/auth/providers');
  await dialog.getByRole('button', { name: 'Add provider' }).click();
  expect((await created).status()).toBe(201);
  await expect(dialog).toBeHidden();

  const table = page.getByRole('table', { name: 'Sign-in providers' });
  const row = table.getByRole('row', { name: new RegExp(PROVIDER.name) });
  await expect(row).toContainText(PROVIDER.displayName);
  await expect(row).toContainText('OpenID Connect');
  await expect(page.getByLabel(`Callback URL of ${PROVIDER.name}`, { exact: true })).toHaveText(
    `${baseUrl()}/api/v1/auth/oauth/${PROVIDER.name}/callback`,
  );
  await expect(page.getByRole('switch', { name: `${PROVIDER.name} enabled` })).toBeChecked();

  // The secret is never shown back: editing says one is set and leaves the input empty.
  await page.getByRole('button', { name: `Actions for ${PROVIDER.name}` }).click();
  await page.getByRole('menuitem', { name: 'Edit…' }).click();
  const editing = page.getByRole('dialog', { name: `Edit ${PROVIDER.name}` });
  await expect(editing.getByText('A secret is stored')).toBeVisible();
  await expect(editing.getByLabel('Client secret')).toHaveValue('');
  await editing.getByRole('button', { name: 'Cancel' }).click();

  // A test sign-in runs in its own window and shows what the provider asserted.
  const popupOpened = page.waitForEvent('popup');
  await page.getByRole('button', { name: `Test sign-in with ${PROVIDER.name}` }).click();
  const popup = await popupOpened;
  await signInAtIdentityProvider(popup, NEW_USER.email);
  await expect(popup.getByRole('heading', { name: `Test sign-in with ${PROVIDER.name}` })).toBeVisible();
  await expect(popup.getByText('The provider signed you in')).toBeVisible();
  const asserted = popup.getByRole('table', { name: 'Asserted identity' });
  await expect(asserted).toContainText(NEW_USER.sub);
  await expect(asserted).toContainText(NEW_USER.email);
  await expect(asserted).toContainText('verified');
  await popup.close();

  // Apps' redirect URLs, and users must now use a second factor.
  await page.getByRole('button', { name: 'Add redirect URL' }).click();
  await page.getByRole('textbox', { name: 'Redirect URL 1' }).fill(APP_REDIRECT);
  await page.getByRole('checkbox', { name: 'Users' }).check();
  const saved = waitForApi(page, 'PATCH', '/api/v1/auth/settings');
  await page.getByRole('button', { name: 'Save sign-in settings' }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole('button', { name: 'Save sign-in settings' })).toBeDisabled();
  const settings = await rest<{ oauth_redirect_urls: string[]; mfa_required_roles: string[] }>(
    await login(),
    'GET',
    '/api/v1/auth/settings',
  );
  expect(settings.body).toEqual({ oauth_redirect_urls: [APP_REDIRECT], mfa_required_roles: ['user'] });
  await screenshot(page, 'sign-in-providers');

  await signOut(page);
  await expect(page.getByRole('button', { name: `Continue with ${PROVIDER.displayName}` })).toBeVisible();
});

test('a new user signs in through the provider, must set up an authenticator app first, then sets a password', async ({
  page,
}) => {
  await page.goto('./');
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
  await screenshot(page, 'sign-in-methods');
  await page.getByRole('button', { name: `Continue with ${PROVIDER.displayName}` }).click();
  await signInAtIdentityProvider(page, NEW_USER.email);

  // Back at the console: the one-time code was exchanged (with this tab's PKCE verifier).
  await expect(page).toHaveURL(/\/admin\/account$/);
  await expect(page.getByRole('heading', { name: 'Account and security' })).toBeVisible();
  await expect(page.getByText(`Signed in as ${NEW_USER.email}`)).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Set up two-step verification to continue' })).toBeVisible();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('stagecraft.session') ?? '{}') as object);
  expect(stored).toMatchObject({ user: { email: NEW_USER.email, role: 'user' }, mfaEnrollmentRequired: true });
  // Nothing else opens until a factor is set up.
  await page.goto('collections');
  await expect(page).toHaveURL(/\/admin\/account$/);

  const started = waitForApi(page, 'POST', '/api/v1/auth/mfa/totp');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  expect((await started).status()).toBe(201);
  await expect(page.getByRole('img', { name: 'QR code' })).toBeVisible();
  const secret = ((await page.getByLabel('Secret key').textContent()) ?? '').trim();
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  app.totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  await screenshot(page, 'account-totp-setup');

  await page.getByRole('textbox', { name: 'Authentication code' }).fill('000000');
  let confirmed = waitForApi(page, 'POST', '/api/v1/auth/mfa/totp/confirm');
  await page.getByRole('button', { name: 'Turn on' }).click();
  expect((await confirmed).status()).toBe(400);
  await expect(page.getByText('Code is wrong or was already used.')).toBeVisible();

  await page.getByRole('textbox', { name: 'Authentication code' }).fill(await nextTotpCode(page));
  confirmed = waitForApi(page, 'POST', '/api/v1/auth/mfa/totp/confirm');
  await page.getByRole('button', { name: 'Turn on' }).click();
  expect((await confirmed).status()).toBe(200);

  // The recovery codes, once: downloadable, and the dialog stays until they are saved.
  const codesDialog = page.getByRole('dialog', { name: 'Save your recovery codes' });
  await expect(codesDialog).toBeVisible();
  app.recoveryCodes = ((await codesDialog.getByLabel('Recovery codes').textContent()) ?? '').trim().split('\n');
  expect(app.recoveryCodes).toHaveLength(10);
  for (const code of app.recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
  const download = page.waitForEvent('download');
  await codesDialog.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('stagecraft-recovery-codes.txt');
  await expect(codesDialog.getByRole('button', { name: 'Done' })).toBeDisabled();
  await codesDialog.getByRole('checkbox', { name: 'I have saved them' }).check();
  await codesDialog.getByRole('button', { name: 'Done' }).click();
  await expect(codesDialog).toBeHidden();

  // The new tokens were stored: the session is no longer held at enrolment.
  await expect(page.getByText('Set up two-step verification to continue')).toBeHidden();
  const raised = await page.evaluate(() => JSON.parse(localStorage.getItem('stagecraft.session') ?? '{}') as object);
  expect(raised).not.toHaveProperty('mfaEnrollmentRequired');
  const twoStep = page.getByRole('region', { name: 'Two-step verification' });
  await expect(twoStep.getByText('10 unused recovery codes left.', { exact: false })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Linked accounts' })).toContainText(PROVIDER.displayName);

  // An account made through a provider has no password yet: it can set one.
  const passwordCard = page.getByRole('region', { name: 'Password' });
  await passwordCard.getByRole('textbox', { name: 'New password', exact: true }).fill(NEW_USER.password);
  await passwordCard.getByRole('textbox', { name: 'Repeat the new password' }).fill(NEW_USER.password);
  const passwordSet = waitForApi(page, 'POST', '/api/v1/auth/password');
  await passwordCard.getByRole('button', { name: 'Set password' }).click();
  expect((await passwordSet).status()).toBe(200);
  await expect(passwordCard).toBeHidden();

  await signOut(page);
});

test('the user signs in with the password and a code from the app, or a recovery code', async ({ page }) => {
  // The code must be from a later time step than the one that turned the app on: up to 30 s more.
  test.setTimeout(90_000);
  await signInWithPassword(page, NEW_USER.email, NEW_USER.password);
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use a passkey' })).toBeHidden();
  await page.getByRole('textbox', { name: 'Authentication code' }).fill('123');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('textbox', { name: 'Authentication code' })).toHaveAccessibleDescription(
    'Enter the 6-digit code your authenticator app shows',
  );
  await screenshot(page, 'sign-in-mfa');

  await page.getByRole('textbox', { name: 'Authentication code' }).fill(await nextTotpCode(page));
  let verified = waitForApi(page, 'POST', '/api/v1/auth/mfa/verify');
  await page.getByRole('button', { name: 'Verify' }).click();
  expect((await verified).status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Account and security' })).toBeVisible();
  await expect(page.getByText(`Signed in as ${NEW_USER.email}`)).toBeVisible();
  await signOut(page);

  await signInWithPassword(page, NEW_USER.email, NEW_USER.password);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByRole('textbox', { name: 'Recovery code' }).fill(app.recoveryCodes[0] ?? '');
  verified = waitForApi(page, 'POST', '/api/v1/auth/mfa/verify');
  await page.getByRole('button', { name: 'Verify' }).click();
  expect((await verified).status()).toBe(200);
  const twoStep = page.getByRole('region', { name: 'Two-step verification' });
  await expect(twoStep.getByText('9 unused recovery codes left.', { exact: false })).toBeVisible();
});

test('an admin sees the user’s second factor and provider, and cannot delete a provider in use', async ({ page }) => {
  await signInThroughStorage(page);
  await page.goto('users');
  await page.getByRole('button', { name: `Actions for ${NEW_USER.email}` }).click();
  await page.getByRole('menuitem', { name: 'Sign-in methods…' }).click();
  const drawer = page.getByRole('dialog', { name: NEW_USER.email });
  await expect(drawer.getByText('TOTP', { exact: true })).toBeVisible();
  await expect(drawer.getByRole('table', { name: 'Linked accounts' })).toContainText(PROVIDER.displayName);
  await drawer.getByRole('button', { name: 'Close' }).click();

  await page.goto('settings/sign-in');
  await page.getByRole('button', { name: `Actions for ${PROVIDER.name}` }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${PROVIDER.name}?` });
  const deleted = waitForApi(page, 'DELETE', `/api/v1/auth/providers/${PROVIDER.name}`);
  await confirm.getByRole('button', { name: 'Delete provider' }).click();
  expect((await deleted).status()).toBe(409);
  await expect(confirm.getByRole('alert')).toContainText('The provider was not deleted');
});
