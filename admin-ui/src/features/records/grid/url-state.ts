// The view of a records grid kept in the page's URL (filter, sort, page, page size), so a view
// can be reloaded, shared or bookmarked. Defaults are left out to keep links short.
import { parseSortParam, sortParam, type SortKey } from '../sort-param';

export interface GridView {
  filter: string;
  sort: SortKey[];
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [20, 50, 100, 200, 500, 1000, 5000, 10000] as const;
export const DEFAULT_SORT: SortKey[] = [{ id: 'created_at', desc: true }];
export const DEFAULT_VIEW: GridView = { filter: '', sort: DEFAULT_SORT, page: 1, pageSize: 20 };

function positive(raw: string | null, fallback: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  const value = Number(raw);
  return value >= 1 ? value : fallback;
}

export function readGridView(params: URLSearchParams): GridView {
  const size = positive(params.get('size'), DEFAULT_VIEW.pageSize);
  const sort = params.get('sort');
  return {
    filter: params.get('filter') ?? '',
    // `sort=` (present but empty) means "no sort", distinct from the default.
    sort: sort === null ? DEFAULT_SORT : parseSortParam(sort),
    page: positive(params.get('page'), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_VIEW.pageSize,
  };
}

/** The params with the view written in; other params are kept. */
export function writeGridView(view: GridView, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) next.delete(name);
    else next.set(name, value);
  };
  set('filter', view.filter === '' ? undefined : view.filter);
  const sort = sortParam(view.sort) ?? '';
  set('sort', sort === sortParam(DEFAULT_SORT) ? undefined : sort);
  set('page', view.page === 1 ? undefined : String(view.page));
  set('size', view.pageSize === DEFAULT_VIEW.pageSize ? undefined : String(view.pageSize));
  return next;
}
