// Shared pieces of the browser tests: the API under test, the admin's credentials, signing in
// through the API (to skip the form where it is not the subject), REST calls, screenshots and
// the links of emails the server captured.
import { test as base, expect, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import pg from 'pg';
import { databaseUrl, REPO, serverState } from './server';

export const ADMIN = { email: 'admin@example.com', password: 'e2e correct horse battery' };

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run through playwright.config.ts (global setup)');
  return url;
}

export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(`${baseUrl()}/admin/`);
  },
});
export { expect };

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; role: string };
}

export async function login(email = ADMIN.email, password = ADMIN.password): Promise<Session> {
  const response = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { access_token: string; refresh_token: string; user: Session['user'] };
  return { accessToken: body.access_token, refreshToken: body.refresh_token, user: body.user };
}

/** Opens the console already signed in (the session the console itself would store). */
export async function signInThroughStorage(page: Page): Promise<Session> {
  const session = await login();
  await page.addInitScript(
    (value) => {
      if (!window.localStorage.getItem('stagecraft.session')) window.localStorage.setItem('stagecraft.session', value);
    },
    JSON.stringify({ ...session, user: session.user }),
  );
  return session;
}

export async function rest<T = unknown>(
  session: Session | string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const token = typeof session === 'string' ? session : session.accessToken;
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: resolve(REPO, 'docs', 'screenshots', `${name}.png`),
    animations: 'disabled',
    // Toasts from earlier steps would cover the header.
    style: '.mantine-Notifications-root { display: none !important; }',
  });
}

/** Resolves with the first response of `method` whose path ends with `pathEnd` (query ignored). */
export function waitForApi(page: Page, method: string, pathEnd: string | RegExp) {
  return page.waitForResponse((response) => {
    if (response.request().method() !== method) return false;
    const path = new URL(response.url()).pathname;
    return typeof pathEnd === 'string' ? path.endsWith(pathEnd) : pathEnd.test(path);
  });
}

/**
 * The newest link to console page `page` (reset-password, verify-email) in an email captured for
 * `to` (with SMTP unset the server keeps emails in stagecraft.captured_emails); null: none yet.
 */
export async function emailedLink(to: string, page: 'reset-password' | 'verify-email'): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl(serverState()) });
  await client.connect();
  try {
    const result = await client.query<{ text: string }>(
      `SELECT "text" FROM stagecraft.captured_emails WHERE "to" = $1 ORDER BY id DESC`,
      [to],
    );
    const pattern = new RegExp(`https?://\\S+/admin/${page}\\?token=[^\\s"<>]+`);
    for (const row of result.rows) {
      const link = pattern.exec(row.text)?.[0];
      if (link) return link;
    }
    return null;
  } finally {
    await client.end();
  }
}
