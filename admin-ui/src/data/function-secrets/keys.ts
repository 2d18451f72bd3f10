// Query keys of function secrets (names and dates only; values never come back).
export const functionSecretKeys = {
  all: ['function-secrets'] as const,
  list: () => [...functionSecretKeys.all, 'list'] as const,
};
