// Query keys of sign-in providers and the sign-in settings (admin).
export const providerKeys = {
  all: ['sign-in-providers'] as const,
  list: () => [...providerKeys.all, 'list'] as const,
  settings: () => [...providerKeys.all, 'settings'] as const,
};
