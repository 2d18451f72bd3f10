// The second step as rendered: the code input is labelled for assistive technology, and only the
// factors the account has are offered. Rendered with react-dom/server (no DOM needed).
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SecondFactorMethod } from '../../data/auth/sign-in-outcome';
import { MfaStep } from './mfa-step';

function render(methods: SecondFactorMethod[]): string {
  return renderToStaticMarkup(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <MfaStep challenge={{ ticket: 't', methods, expiresAt: Date.now() + 60_000 }} onCancel={() => undefined} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

function labelledInput(html: string, label: string): boolean {
  const id = new RegExp(`<label[^>]*for="([^"]+)"[^>]*>${label}`).exec(html)?.[1];
  return id !== undefined && html.includes(`id="${id}"`);
}

describe('MfaStep', () => {
  it('asks for the authenticator code first, with a recovery code and a passkey as other ways', () => {
    const html = render(['totp', 'webauthn', 'recovery_code']);
    expect(labelledInput(html, 'Authentication code')).toBe(true);
    expect(html).toContain('Use a passkey');
    expect(html).toContain('Use a recovery code instead');
    expect(html).toContain('Back to sign-in');
  });

  it('asks a passkey-only account for a recovery code, and offers no app', () => {
    const html = render(['webauthn', 'recovery_code']);
    expect(labelledInput(html, 'Recovery code')).toBe(true);
    expect(html).toContain('Use a passkey');
    expect(html).not.toContain('Use your authenticator app instead');
  });

  it('offers no passkey to an account without one', () => {
    expect(render(['totp', 'recovery_code'])).not.toContain('Use a passkey');
  });
});
