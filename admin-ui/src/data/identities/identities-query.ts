// The provider accounts the signed-in user can sign in with (GET /auth/identities).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { identityKeys } from './keys';

export type Identity = components['schemas']['IdentityDto'];

export function useIdentitiesQuery() {
  return useQuery({
    queryKey: identityKeys.own(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/auth/identities'))).data,
  });
}
