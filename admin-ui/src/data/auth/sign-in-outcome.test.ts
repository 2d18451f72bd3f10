// A sign-in answer is a session or the MFA step; either way the session is stored the same way.
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '../../api';
import { authKeys } from './keys';
import { adoptSignedIn, isMfaRequired, type SignedIn } from './sign-in-outcome';

const user = {
  id: 'u1',
  email: 'ada@example.com',
  role: 'user' as const,
  verified: true,
  disabled: false,
  has_password: false,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  last_login_at: null,
  version: 1,
};
const signedIn: SignedIn = { access_token: 'at', refresh_token: 'rt', token_type: 'Bearer', expires_in: 900, user };

afterEach(() => session.signOut());

describe('sign-in outcomes', () => {
  it('tells the MFA step from a session', () => {
    expect(isMfaRequired({ mfa_required: true, mfa_ticket: 't', methods: ['totp'], expires_in: 300 })).toBe(true);
    expect(isMfaRequired(signedIn)).toBe(false);
  });

  it('stores a session, forgetting what was cached for the previous account', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(['users', 'list'], ['someone else']);
    adoptSignedIn(queryClient, signedIn);
    expect(session.session).toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
      user: { id: 'u1', email: 'ada@example.com', role: 'user' },
    });
    expect(queryClient.getQueryData(['users', 'list'])).toBeUndefined();
    expect(queryClient.getQueryData(authKeys.setup())).toEqual({ needs_setup: false });
  });

  it('keeps that the session must enrol a second factor', () => {
    adoptSignedIn(new QueryClient(), { ...signedIn, mfa_enrollment_required: true });
    expect(session.session?.mfaEnrollmentRequired).toBe(true);
  });
});
