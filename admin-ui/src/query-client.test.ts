// A request refused until a second factor is set up sends the session to enrolment, whichever
// query or mutation met the refusal; other errors leave the session alone.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, session } from './api';
import { createQueryClient } from './query-client';

const refusal = (code: string) => new ApiError({ status: 403, detail: 'refused', code });

afterEach(() => session.signOut());

describe('createQueryClient', () => {
  it('marks the session when a query answers MFA_ENROLLMENT_REQUIRED', async () => {
    session.signIn({ accessToken: 'a', refreshToken: 'r' }, null);
    const client = createQueryClient();
    await client
      .fetchQuery({ queryKey: ['x'], queryFn: () => Promise.reject(refusal('FORBIDDEN')), retry: false })
      .catch(() => undefined);
    expect(session.session?.mfaEnrollmentRequired).toBeUndefined();
    await client
      .fetchQuery({ queryKey: ['y'], queryFn: () => Promise.reject(refusal('MFA_ENROLLMENT_REQUIRED')), retry: false })
      .catch(() => undefined);
    expect(session.session?.mfaEnrollmentRequired).toBe(true);
  });

  it('marks the session when a mutation answers MFA_ENROLLMENT_REQUIRED', async () => {
    session.signIn({ accessToken: 'a', refreshToken: 'r' }, null);
    const client = createQueryClient();
    const mutation = client
      .getMutationCache()
      .build(client, { mutationFn: () => Promise.reject(refusal('MFA_ENROLLMENT_REQUIRED')) });
    await mutation.execute(undefined).catch(() => undefined);
    expect(session.session?.mfaEnrollmentRequired).toBe(true);
  });
});
