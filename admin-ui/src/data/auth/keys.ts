// Query keys of the auth resource.
export const authKeys = {
  all: ['auth'] as const,
  setup: () => [...authKeys.all, 'setup'] as const,
  me: () => [...authKeys.all, 'me'] as const,
  methods: () => [...authKeys.all, 'methods'] as const,
};
