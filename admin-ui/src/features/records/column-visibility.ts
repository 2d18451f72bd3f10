// Which columns a collection's table shows, remembered per collection in this browser.
import type { ColumnVisibilityState } from '@tanstack/react-table';

const key = (collection: string) => `stagecraft.columns.${collection}`;

export function loadVisibility(collection: string, fallback: ColumnVisibilityState): ColumnVisibilityState {
  try {
    const raw = localStorage.getItem(key(collection));
    return raw ? { ...fallback, ...(JSON.parse(raw) as ColumnVisibilityState) } : fallback;
  } catch {
    return fallback;
  }
}

export function saveVisibility(collection: string, visibility: ColumnVisibilityState): void {
  try {
    localStorage.setItem(key(collection), JSON.stringify(visibility));
  } catch {
    // storage full or blocked: the choice lasts for this page only
  }
}
