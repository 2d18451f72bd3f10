// Opens a window for an admin's test sign-in. The window is opened at the click (a popup opened
// after an await may be blocked), then sent to the provider once the server answers; it is cut
// off from this page first, since the provider's pages run in it.
export interface TestWindow {
  go: (url: string) => void;
  close: () => void;
}

export function openTestWindow(): TestWindow | null {
  const opened = window.open('', '_blank');
  if (!opened) return null;
  opened.opener = null;
  return {
    go: (url) => opened.location.assign(url),
    close: () => opened.close(),
  };
}
