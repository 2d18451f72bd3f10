// Where the session is kept. The interface is Web Storage's own, so `localStorage`,
// `sessionStorage` and React Native's AsyncStorage plug in as they are; memory is the default.

export interface TokenStorage {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** Kept for the life of the page or process: nothing survives a reload. */
export function memoryStorage(): TokenStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}
