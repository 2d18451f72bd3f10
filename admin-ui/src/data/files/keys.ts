// Query keys of downloaded files: a stored name never changes content, so a blob stays valid
// for as long as the cache keeps it; a record's files go together.
export const fileKeys = {
  all: ['files'] as const,
  record: (collection: string, recordId: string) => [...fileKeys.all, collection, recordId] as const,
  blob: (collection: string, recordId: string, name: string, thumb: string | undefined) =>
    [...fileKeys.record(collection, recordId), name, thumb ?? 'original'] as const,
};
