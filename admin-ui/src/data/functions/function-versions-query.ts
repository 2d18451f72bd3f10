// A function's deploy history, newest first, each version with its source.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionKeys } from './keys';

export type FunctionVersion = components['schemas']['VersionDto'];

export function useFunctionVersionsQuery(name: string) {
  return useQuery({
    queryKey: functionKeys.versions(name),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/functions/{name}/versions', { params: { path: { name } } }))).data,
  });
}
