// Query keys of the signed-in user's own provider identities.
export const identityKeys = {
  all: ['identities'] as const,
  own: () => [...identityKeys.all, 'own'] as const,
};
