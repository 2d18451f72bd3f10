// One function: its triggers, settings and deployed source.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { functionKeys } from './keys';

export function useFunctionQuery(name: string) {
  return useQuery({
    queryKey: functionKeys.detail(name),
    queryFn: () => unwrap(api.GET('/api/v1/functions/{name}', { params: { path: { name } } })),
  });
}
