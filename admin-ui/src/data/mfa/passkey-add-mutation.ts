// Adds a passkey: creation options from the server, the browser creates the credential, the
// server stores it; new tokens are stored (the session is raised to aal 2).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { createPasskey } from '../auth/webauthn';
import { adoptFactorAdded } from './factor-added';

export function useAddPasskeyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (name: string) => {
      const options = await unwrap(api.POST('/api/v1/auth/mfa/passkeys/options'));
      const response = await createPasskey(options);
      return unwrap(api.POST('/api/v1/auth/mfa/passkeys', { body: { ...(name ? { name } : {}), response } }));
    },
    onSuccess: (answer) => {
      const { passkey: _added, ...factorAdded } = answer;
      adoptFactorAdded(queryClient, factorAdded);
    },
  });
}
