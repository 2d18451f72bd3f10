// Changes a user's role, verified or disabled flag (disabling ends their sessions).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { recordKeys } from '../records/keys';
import { userKeys } from './keys';

export type UpdateUserInput = components['schemas']['UpdateUserDto'];

export function useUpdateUserMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateUserInput }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      void queryClient.invalidateQueries({ queryKey: recordKeys.collection('users') });
    },
  });
}
