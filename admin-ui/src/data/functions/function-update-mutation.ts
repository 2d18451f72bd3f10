// Changes a function: a new source (or language) deploys a new version; settings merge with the
// current ones and triggers are replaced. Errors stay inline (compile errors in the editor).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionKeys } from './keys';

export type UpdateFunctionInput = components['schemas']['UpdateFunctionDto'];

export function useUpdateFunctionMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ name, changes }: { name: string; changes: UpdateFunctionInput }) =>
      unwrap(api.PATCH('/api/v1/functions/{name}', { params: { path: { name } }, body: changes })),
    onSuccess: (updated) => {
      queryClient.setQueryData(functionKeys.detail(updated.name), updated);
      void queryClient.invalidateQueries({ queryKey: functionKeys.versions(updated.name) });
      void queryClient.invalidateQueries({ queryKey: functionKeys.list() });
    },
  });
}
