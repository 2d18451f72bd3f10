// Every sign-in provider, enabled or not (GET /auth/providers).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { providerKeys } from './keys';

export type Provider = components['schemas']['ProviderDto'];

export function useProvidersQuery() {
  return useQuery({
    queryKey: providerKeys.list(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/auth/providers'))).data,
  });
}
