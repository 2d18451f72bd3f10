// TanStack Table's sorting state ⇄ the API's `sort=-price,title`.
export interface SortKey {
  id: string;
  desc: boolean;
}

export function sortParam(sorting: readonly SortKey[]): string | undefined {
  if (sorting.length === 0) return undefined;
  return sorting.map((key) => `${key.desc ? '-' : ''}${key.id}`).join(',');
}
