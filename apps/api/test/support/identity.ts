// One-line helpers for tests that need an admin or a user: each signs in through the real
// endpoints and returns the tokens and the user.

import { randomBytes } from 'node:crypto';
import type { HttpClient } from '@stagecraft/testing';

export interface TestSession {
  readonly token: string;
  readonly refreshToken: string;
  readonly user: { id: string; email: string; role: string };
  readonly password: string;
}

export const uniqueEmail = (label = 'user'): string => `${label}-${randomBytes(4).toString('hex')}@example.com`;
export const GOOD_PASSWORD = 'plum-tree-lantern-42';

function expectStatus(response: { status: number; text: string }, status: number, what: string): void {
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text}`);
}

function session(
  body: { access_token: string; refresh_token: string; user: TestSession['user'] },
  password: string,
): TestSession {
  return { token: body.access_token, refreshToken: body.refresh_token, user: body.user, password };
}

/** The first admin, through the one-time setup endpoint. */
export async function setupAdmin(http: HttpClient, email = uniqueEmail('admin')): Promise<TestSession> {
  const response = await http.post('/api/v1/auth/setup', { email, password: GOOD_PASSWORD });
  expectStatus(response, 201, 'setup');
  return session(response.body, GOOD_PASSWORD);
}

export async function registerUser(http: HttpClient, email = uniqueEmail()): Promise<TestSession> {
  const response = await http.post('/api/v1/auth/register', { email, password: GOOD_PASSWORD });
  expectStatus(response, 201, 'register');
  return session(response.body, GOOD_PASSWORD);
}

export async function login(http: HttpClient, email: string, password = GOOD_PASSWORD): Promise<TestSession> {
  const response = await http.post('/api/v1/auth/login', { email, password });
  expectStatus(response, 200, 'login');
  return session(response.body, password);
}

/** A user created by an admin through /api/v1/users, then signed in. */
export async function createUser(
  http: HttpClient,
  admin: TestSession,
  role: 'user' | 'admin' = 'user',
): Promise<TestSession> {
  const email = uniqueEmail(role);
  const response = await http.post('/api/v1/users', { email, password: GOOD_PASSWORD, role }, { token: admin.token });
  expectStatus(response, 201, 'create user');
  return login(http, email);
}
