// Creates the first admin and signs in as them.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, session, unwrap } from '../../api';
import { authKeys } from './keys';

export interface Credentials {
  email: string;
  password: string;
}

export function useSetupMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (credentials: Credentials) => unwrap(api.POST('/api/v1/auth/setup', { body: credentials })),
    onSuccess: (signedIn) => {
      session.signIn(
        { accessToken: signedIn.access_token, refreshToken: signedIn.refresh_token },
        { id: signedIn.user.id, email: signedIn.user.email, role: signedIn.user.role },
      );
      queryClient.setQueryData(authKeys.setup(), { needs_setup: false });
    },
  });
}
