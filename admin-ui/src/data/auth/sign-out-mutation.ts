// Signs this session out on the server, then forgets it here whatever the server said.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, session } from '../../api';
import { authKeys } from './keys';

export function useSignOutMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.POST('/api/v1/auth/logout');
      } catch {
        // offline or already expired: signing out locally is what matters
      }
    },
    onSettled: () => {
      session.signOut();
      queryClient.clear();
      queryClient.setQueryData(authKeys.setup(), { needs_setup: false });
    },
  });
}
