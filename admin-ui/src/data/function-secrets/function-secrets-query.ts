// The function secrets, by name: names and dates, never values.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionSecretKeys } from './keys';

export type FunctionSecret = components['schemas']['SecretDto'];

export function useFunctionSecretsQuery() {
  return useQuery({
    queryKey: functionSecretKeys.list(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/function-secrets'))).data,
  });
}
