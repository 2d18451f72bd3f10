// Starts setting up an authenticator app: a new secret with its QR code, pending until confirmed.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';

export type TotpEnrolment = components['schemas']['TotpEnrolmentDto'];

export function useStartTotpMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => unwrap(api.POST('/api/v1/auth/mfa/totp')),
  });
}
