// Whether the instance still needs its first admin (GET /auth/setup, public).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { authKeys } from './keys';

export function getSetupStatus(): Promise<{ needs_setup: boolean }> {
  return unwrap(api.GET('/api/v1/auth/setup'));
}

export function useSetupStatusQuery() {
  return useQuery({ queryKey: authKeys.setup(), queryFn: getSetupStatus, staleTime: Infinity });
}
