// Trades the one-time code a provider sign-in ended with (and this tab's PKCE verifier) for a
// session, or for the MFA step when the account has a second factor.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { adoptSignedIn, isMfaRequired } from './sign-in-outcome';

export function useOAuthExchangeMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: { code: string; codeVerifier: string | null }) =>
      unwrap(
        api.POST('/api/v1/auth/oauth/exchange', {
          body: { code: input.code, ...(input.codeVerifier ? { code_verifier: input.codeVerifier } : {}) },
        }),
      ),
    onSuccess: (outcome) => {
      if (!isMfaRequired(outcome)) adoptSignedIn(queryClient, outcome);
    },
  });
}
