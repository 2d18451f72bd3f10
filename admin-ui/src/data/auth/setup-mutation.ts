// Creates the first admin and signs in as them.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { authKeys } from './keys';
import { storeTokens } from './sign-in-outcome';

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
      storeTokens(signedIn);
      queryClient.setQueryData(authKeys.setup(), { needs_setup: false });
    },
  });
}
