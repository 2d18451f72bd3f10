// What a first factor (password, provider) answers: a session, or the MFA step with a ticket.
// Every way of signing in ends in `adoptSignedIn`, so the session is stored the same way.
import type { QueryClient } from '@tanstack/react-query';
import { session } from '../../api';
import type { components } from '../../api/schema';
import { authKeys } from './keys';

export type SignedIn = components['schemas']['SignedInDto'];
export type MfaRequired = components['schemas']['MfaRequiredDto'];
export type SignInOutcome = SignedIn | MfaRequired;
export type SecondFactorMethod = MfaRequired['methods'][number];

export function isMfaRequired(outcome: SignInOutcome): outcome is MfaRequired {
  return 'mfa_required' in outcome && outcome.mfa_required;
}

/** Stores new tokens (after a sign-in, or a session raised by enrolling a factor). */
export function storeTokens(signedIn: SignedIn): void {
  session.signIn(
    { accessToken: signedIn.access_token, refreshToken: signedIn.refresh_token },
    { id: signedIn.user.id, email: signedIn.user.email, role: signedIn.user.role },
    { mfaEnrollmentRequired: signedIn.mfa_enrollment_required === true },
  );
}

/** A new sign-in: nothing cached for a previous account survives; the instance is set up, though. */
export function adoptSignedIn(queryClient: QueryClient, signedIn: SignedIn): void {
  queryClient.clear();
  queryClient.setQueryData(authKeys.setup(), { needs_setup: false });
  storeTokens(signedIn);
}
