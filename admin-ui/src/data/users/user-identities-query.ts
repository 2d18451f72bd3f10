// A user's provider accounts, as an admin sees them (GET /users/{id}/identities).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { userKeys } from './keys';

export function useUserIdentitiesQuery(id: string) {
  return useQuery({
    queryKey: userKeys.identities(id),
    queryFn: async () => (await unwrap(api.GET('/api/v1/users/{id}/identities', { params: { path: { id } } }))).data,
  });
}
