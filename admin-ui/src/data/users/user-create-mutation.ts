// Creates a user with a role (the password policy applies).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { userKeys } from './keys';

export type CreateUserInput = components['schemas']['CreateUserDto'];

export function useCreateUserMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: CreateUserInput) => unwrap(api.POST('/api/v1/users', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
