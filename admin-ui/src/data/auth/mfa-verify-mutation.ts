// The second step of a sign-in: the ticket with one second factor (a code from the app, a
// recovery code, or a passkey asked of the browser here), answered by a session at aal 2.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { adoptSignedIn } from './sign-in-outcome';
import { assertPasskey } from './webauthn';

export type SecondFactorProof =
  { method: 'totp'; code: string } | { method: 'recovery_code'; code: string } | { method: 'webauthn' };

async function proofBody(ticket: string, proof: SecondFactorProof) {
  switch (proof.method) {
    case 'totp':
      return { mfa_ticket: ticket, totp_code: proof.code };
    case 'recovery_code':
      return { mfa_ticket: ticket, recovery_code: proof.code };
    case 'webauthn': {
      const options = await unwrap(api.POST('/api/v1/auth/mfa/webauthn/options', { body: { mfa_ticket: ticket } }));
      return { mfa_ticket: ticket, webauthn: await assertPasskey(options) };
    }
  }
}

export function useMfaVerifyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async ({ ticket, proof }: { ticket: string; proof: SecondFactorProof }) =>
      unwrap(api.POST('/api/v1/auth/mfa/verify', { body: await proofBody(ticket, proof) })),
    onSuccess: (signedIn) => adoptSignedIn(queryClient, signedIn),
  });
}
