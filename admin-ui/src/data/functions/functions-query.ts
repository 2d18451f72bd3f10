// Every function, by name, each with its deployed version.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionKeys } from './keys';

export type FunctionView = components['schemas']['FunctionDto'];
export type FunctionLanguage = FunctionView['version']['language'];

export function useFunctionsQuery() {
  return useQuery({
    queryKey: functionKeys.list(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/functions'))).data,
  });
}
