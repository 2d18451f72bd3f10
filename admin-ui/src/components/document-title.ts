// The browser tab's title for the screen on show, so tabs, history and screen readers can tell
// the console's pages apart.
import { useEffect } from 'react';

export const PRODUCT_NAME = 'Stagecraft';

/** "Users · Stagecraft"; the product alone when the page has no title yet. */
export function documentTitle(page: string | undefined): string {
  const trimmed = page?.trim();
  return trimmed ? `${trimmed} · ${PRODUCT_NAME}` : PRODUCT_NAME;
}

export function useDocumentTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = documentTitle(page);
  }, [page]);
}
