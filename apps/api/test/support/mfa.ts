// One-line helpers for the MFA specs: an authenticator app computing real TOTP codes (never one
// the server has seen, since a used time step is refused), the claims of an access token, and
// sign-in through the MFA step.

import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import type { HttpClient, HttpResult } from '@stagecraft/testing';
import { GOOD_PASSWORD, type TestSession } from './identity.js';

const PERIOD_MS = 30_000;

/** An authenticator app holding one secret. */
export class TotpApp {
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(readonly secret: string) {}

  /**
   * A code for a time step the server accepts now (one step either side) and has not seen from
   * this app. Three fit in 30 s (two near a boundary); past that it waits for the next step.
   */
  async nextCode(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const step = Math.floor(now / PERIOD_MS);
      // The previous step leaves the window at the next boundary: not when it is a moment away.
      const previousUsable = PERIOD_MS - (now % PERIOD_MS) > 3000;
      const chosen = [step - 1, step, step + 1].find(
        (candidate) => candidate > this.lastStep && (candidate !== step - 1 || previousUsable),
      );
      if (chosen !== undefined) {
        this.lastStep = chosen;
        return this.codeAt(chosen);
      }
      await sleep(PERIOD_MS - (now % PERIOD_MS) + 100);
    }
  }

  /** The code the server accepted last. */
  lastCode(): string {
    return this.codeAt(this.lastStep);
  }

  /** A well-formed code that no step near now produces. */
  wrongCode(): string {
    const near = new Set([-1, 0, 1, 2].map((offset) => this.codeAt(Math.floor(Date.now() / PERIOD_MS) + offset)));
    for (let n = 0; ; n++) {
      const code = String(n).padStart(6, '0');
      if (!near.has(code)) return code;
    }
  }

  private codeAt(step: number): string {
    return TOTP.generate({ secret: Secret.fromBase32(this.secret), timestamp: step * PERIOD_MS });
  }
}

/** The payload of a JWT, without checking it (the server did). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function expectStatus(response: HttpResult, status: number, what: string): void {
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text}`);
}

/** A session from a SignedIn body. */
export function sessionFrom(body: HttpResult['body'], password = GOOD_PASSWORD): TestSession {
  return { token: body.access_token, refreshToken: body.refresh_token, user: body.user, password };
}

/** Sets up an authenticator app for the signed-in user; returns it, the recovery codes and the raised session. */
export async function enrolTotp(
  http: HttpClient,
  session: TestSession,
): Promise<{ app: TotpApp; recoveryCodes: string[]; session: TestSession }> {
  const started = await http.post('/api/v1/auth/mfa/totp', undefined, { token: session.token });
  expectStatus(started, 201, 'start TOTP');
  const app = new TotpApp(started.body.secret);
  const confirmed = await http.post(
    '/api/v1/auth/mfa/totp/confirm',
    { code: await app.nextCode() },
    { token: session.token },
  );
  expectStatus(confirmed, 200, 'confirm TOTP');
  return {
    app,
    recoveryCodes: confirmed.body.recovery_codes ?? [],
    session: sessionFrom(confirmed.body, session.password),
  };
}

/** Password sign-in of an account with MFA on: the ticket. */
export async function mfaTicket(http: HttpClient, email: string, password = GOOD_PASSWORD): Promise<string> {
  const response = await http.post('/api/v1/auth/login', { email, password });
  expectStatus(response, 200, 'login');
  if (response.body.mfa_required !== true) throw new Error(`login: expected mfa_required, got ${response.text}`);
  return response.body.mfa_ticket;
}
