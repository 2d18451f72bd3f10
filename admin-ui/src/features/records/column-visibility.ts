// How a collection's grid is laid out, remembered per collection in this browser: which columns
// show, the widths the user dragged, and the columns pinned to the left.
import type { ColumnPinningState, ColumnSizingState, ColumnVisibilityState } from '@tanstack/react-table';

const key = (collection: string) => `stagecraft.columns.${collection}`;
const layoutKey = (collection: string) => `stagecraft.grid.${collection}`;

function load<T extends object>(storageKey: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(storageKey);
    return raw ? { ...fallback, ...(JSON.parse(raw) as T) } : fallback;
  } catch {
    return fallback;
  }
}

function save(storageKey: string, value: unknown): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(value));
  } catch {
    // storage full or blocked: the choice lasts for this page only
  }
}

export function loadVisibility(collection: string, fallback: ColumnVisibilityState): ColumnVisibilityState {
  return load(key(collection), fallback);
}

export function saveVisibility(collection: string, visibility: ColumnVisibilityState): void {
  save(key(collection), visibility);
}

export interface GridLayout {
  sizing: ColumnSizingState;
  pinning: ColumnPinningState;
}

export function loadLayout(collection: string, fallback: GridLayout): GridLayout {
  return load(layoutKey(collection), fallback);
}

export function saveLayout(collection: string, layout: GridLayout): void {
  save(layoutKey(collection), layout);
}
