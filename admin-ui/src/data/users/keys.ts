// Query keys of admin user management.
export interface UsersListParams {
  email?: string;
  limit: number;
  offset: number;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: UsersListParams) => [...userKeys.all, 'list', params] as const,
  mfa: (id: string) => [...userKeys.all, 'mfa', id] as const,
  identities: (id: string) => [...userKeys.all, 'identities', id] as const,
};
