// Sets the console's colour scheme before the first paint, so a stored choice does not flash
// the other theme while the bundle loads (a file rather than inline: the CSP allows only 'self').
// The key is COLOR_SCHEME_KEY in src/color-scheme.ts.
(function () {
  var scheme = 'auto';
  try {
    scheme = window.localStorage.getItem('stagecraft.color-scheme') || 'auto';
  } catch (error) {
    // storage refused: follow the system
  }
  if (scheme !== 'light' && scheme !== 'dark') {
    scheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
