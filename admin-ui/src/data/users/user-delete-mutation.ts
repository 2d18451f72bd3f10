// Deletes a user and their sessions; records they created stay, with created_by set to null.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { recordKeys } from '../records/keys';
import { userKeys } from './keys';

export function useDeleteUserMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      void queryClient.invalidateQueries({ queryKey: recordKeys.collection('users') });
    },
  });
}
