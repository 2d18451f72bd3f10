// Every API key, revoked and expired ones included.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { apiKeyKeys } from './keys';

export function useApiKeysQuery() {
  return useQuery({
    queryKey: apiKeyKeys.list(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/api-keys'))).data,
  });
}
