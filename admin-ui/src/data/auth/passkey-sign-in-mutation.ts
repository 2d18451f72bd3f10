// Passwordless sign-in with a passkey: options from the server, the browser's assertion, then
// the session (aal 2; no second step follows).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { adoptSignedIn } from './sign-in-outcome';
import { assertPasskey } from './webauthn';

export function usePasskeySignInMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async () => {
      const { challenge_id, options } = await unwrap(api.POST('/api/v1/auth/passkeys/options'));
      const response = await assertPasskey(options);
      return unwrap(api.POST('/api/v1/auth/passkeys/login', { body: { challenge_id, response } }));
    },
    onSuccess: (signedIn) => adoptSignedIn(queryClient, signedIn),
  });
}
