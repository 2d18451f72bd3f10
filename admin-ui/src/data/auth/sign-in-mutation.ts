// Signs in with email and password; the session keeps the tokens.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, session, unwrap } from '../../api';
import { authKeys } from './keys';
import type { Credentials } from './setup-mutation';

export function useSignInMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (credentials: Credentials) => unwrap(api.POST('/api/v1/auth/login', { body: credentials })),
    onSuccess: (signedIn) => {
      // Nothing cached for a previous account survives; the instance is set up, though.
      queryClient.clear();
      queryClient.setQueryData(authKeys.setup(), { needs_setup: false });
      session.signIn(
        { accessToken: signedIn.access_token, refreshToken: signedIn.refresh_token },
        { id: signedIn.user.id, email: signedIn.user.email, role: signedIn.user.role },
      );
    },
  });
}
