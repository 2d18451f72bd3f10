// How one can sign in here (GET /auth/methods, public): the enabled providers for the sign-in
// page's buttons, and whether passkeys work.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { authKeys } from './keys';

export type SignInMethods = components['schemas']['SignInMethodsDto'];
export type PublicProvider = components['schemas']['PublicProviderDto'];

export function useSignInMethodsQuery() {
  return useQuery({
    queryKey: authKeys.methods(),
    queryFn: () => unwrap(api.GET('/api/v1/auth/methods')),
    staleTime: 60_000,
  });
}
