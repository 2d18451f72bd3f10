// Starts linking a provider account: the answer is where to send the browser; the flow comes
// back to the console's callback page with ?linked=<provider> (or ?error=…).
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function useLinkIdentityMutation() {
  return useMutation({
    mutationFn: (input: { provider: string; redirectUri: string }) =>
      unwrap(
        api.POST('/api/v1/auth/identities/link', {
          body: { provider: input.provider, redirect_uri: input.redirectUri },
        }),
      ),
  });
}
