// Query keys of the collections resource (schema metadata; records live under recordKeys).
export const collectionKeys = {
  all: ['collections'] as const,
  list: () => [...collectionKeys.all, 'list'] as const,
  detail: (name: string) => [...collectionKeys.all, 'detail', name] as const,
};
