// A user's second factors, as an admin sees them (GET /users/{id}/mfa): no secret or code.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { userKeys } from './keys';

export function useUserMfaQuery(id: string) {
  return useQuery({
    queryKey: userKeys.mfa(id),
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}/mfa', { params: { path: { id } } })),
  });
}
