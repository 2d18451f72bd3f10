// TanStack Table's sorting state ⇄ the API's `sort=-price,title`.
export interface SortKey {
  id: string;
  desc: boolean;
}

export function sortParam(sorting: readonly SortKey[]): string | undefined {
  if (sorting.length === 0) return undefined;
  return sorting.map((key) => `${key.desc ? '-' : ''}${key.id}`).join(',');
}

/** `-price,title` → sorting state; names that are not plain field names are dropped. */
export function parseSortParam(raw: string | null | undefined): SortKey[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => /^-?[a-z][a-z0-9_]*$/.test(item))
    .map((item) => (item.startsWith('-') ? { id: item.slice(1), desc: true } : { id: item, desc: false }));
}
