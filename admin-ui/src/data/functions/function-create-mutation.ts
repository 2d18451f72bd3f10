// Creates a function and deploys its first version. A source that does not compile answers 400
// with `compile_errors`, which the editor shows in place: the errors stay inline.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionKeys } from './keys';

export type CreateFunctionInput = components['schemas']['CreateFunctionDto'];

export function useCreateFunctionMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: CreateFunctionInput) => unwrap(api.POST('/api/v1/functions', { body: input })),
    onSuccess: (created) => {
      queryClient.setQueryData(functionKeys.detail(created.name), created);
      void queryClient.invalidateQueries({ queryKey: functionKeys.list() });
    },
  });
}
