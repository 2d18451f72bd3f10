// Signs in with email and password; the session keeps the tokens, unless the account has a
// second factor: then the answer is the MFA step, which the sign-in page shows.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { Credentials } from './setup-mutation';
import { adoptSignedIn, isMfaRequired } from './sign-in-outcome';

export function useSignInMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (credentials: Credentials) => unwrap(api.POST('/api/v1/auth/login', { body: credentials })),
    onSuccess: (outcome) => {
      if (!isMfaRequired(outcome)) adoptSignedIn(queryClient, outcome);
    },
  });
}
