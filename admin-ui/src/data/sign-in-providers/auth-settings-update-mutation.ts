// Changes the sign-in settings; the answer is the new settings.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { providerKeys } from './keys';

export type UpdateAuthSettingsInput = components['schemas']['UpdateAuthSettingsDto'];

export function useUpdateAuthSettingsMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (changes: UpdateAuthSettingsInput) => unwrap(api.PATCH('/api/v1/auth/settings', { body: changes })),
    onSuccess: (settings) => queryClient.setQueryData(providerKeys.settings(), settings),
  });
}
