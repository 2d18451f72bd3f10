// A page of users, searched by email substring.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { userKeys, type UsersListParams } from './keys';

export function useUsersQuery(params: UsersListParams) {
  return useQuery({
    queryKey: userKeys.list(params),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/users', {
          params: {
            query: { limit: params.limit, offset: params.offset, ...(params.email ? { email: params.email } : {}) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
