// "Skip to content": the first thing Tab reaches on every console page, hidden until focused,
// so keyboard users need not walk the header and the navigation on each page.
export const MAIN_CONTENT_ID = 'main-content';

export function SkipLink() {
  return (
    <a
      className="skip-link"
      href={`#${MAIN_CONTENT_ID}`}
      onClick={(event) => {
        // Focus moves without a hash in the address, which the router would keep on every page.
        event.preventDefault();
        document.getElementById(MAIN_CONTENT_ID)?.focus();
      }}
    >
      Skip to content
    </a>
  );
}
