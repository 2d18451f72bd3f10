// The signed-in user (GET /auth/me).
import { useQuery } from '@tanstack/react-query';
import { api, session, unwrap } from '../../api';
import { authKeys } from './keys';

export function useMeQuery() {
  return useQuery({
    queryKey: authKeys.me(),
    queryFn: async () => {
      const me = await unwrap(api.GET('/api/v1/auth/me'));
      session.setUser({ id: me.id, email: me.email, role: me.role });
      return me;
    },
    staleTime: 60_000,
  });
}
