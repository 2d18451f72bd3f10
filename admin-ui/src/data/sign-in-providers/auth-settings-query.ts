// The sign-in settings: allowed OAuth redirect URLs and the roles that must use MFA.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { providerKeys } from './keys';

export type AuthSettings = components['schemas']['AuthSettingsDto'];

export function useAuthSettingsQuery() {
  return useQuery({ queryKey: providerKeys.settings(), queryFn: () => unwrap(api.GET('/api/v1/auth/settings')) });
}
