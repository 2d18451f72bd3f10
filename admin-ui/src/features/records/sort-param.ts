// TanStack Table's sorting state ⇄ the API's `sort=-price,author.name`. The grid sorts a column
// by its API path, which for a to-one relation is the name its cells show (`author.name`).
export interface SortKey {
  id: string;
  desc: boolean;
}

export function sortParam(sorting: readonly SortKey[]): string | undefined {
  if (sorting.length === 0) return undefined;
  return sorting.map((key) => `${key.desc ? '-' : ''}${key.id}`).join(',');
}

/** `-price,author.name` → sorting state; names that are not field names or `relation.field` are dropped. */
export function parseSortParam(raw: string | null | undefined): SortKey[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => /^-?[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/.test(item))
    .map((item) => (item.startsWith('-') ? { id: item.slice(1), desc: true } : { id: item, desc: false }));
}

/** API sort keys → the grid's column ids, by each column's path (column id → path); unknown paths stay. */
export function sortByColumn(sort: readonly SortKey[], paths: ReadonlyMap<string, string>): SortKey[] {
  const columns = new Map([...paths].map(([column, path]) => [path, column]));
  return sort.map(({ id, desc }) => ({ id: columns.get(id) ?? id, desc }));
}

/** The grid's column ids → API sort keys (`author` → `author.name`); ids without a path stay. */
export function sortByPath(sorting: readonly SortKey[], paths: ReadonlyMap<string, string>): SortKey[] {
  return sorting.map(({ id, desc }) => ({ id: paths.get(id) ?? id, desc }));
}
