// Walks an OAuth authorization redirect chain the way a browser would (cookies kept per origin),
// so API tests can sign in through a test IdP without a browser.

export interface FollowAuthorizationOptions {
  /**
   * Redirects stay in the chain while they point at this origin; the first one elsewhere is the
   * callback. Defaults to the origin of the URL given; pass the IdP's when starting at the app
   * (e.g. `/api/v1/auth/oauth/{provider}`), whose first redirect leads to the IdP.
   */
  idpOrigin?: string;
  maxHops?: number;
}

type CookieJar = Map<string, Map<string, string>>;

function storeCookies(jar: CookieJar, url: URL, response: Response): void {
  let cookies = jar.get(url.origin);
  if (!cookies) jar.set(url.origin, (cookies = new Map()));
  for (const header of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = header.split(';');
    const separator = pair.indexOf('=');
    if (separator < 1) continue;
    const name = pair.slice(0, separator).trim();
    const expired = attributes.some((attribute) => {
      const [key = '', value = ''] = attribute.trim().split('=');
      if (key.toLowerCase() === 'max-age') return Number(value) <= 0;
      if (key.toLowerCase() === 'expires') return Date.parse(value) <= Date.now();
      return false;
    });
    if (expired) cookies.delete(name);
    else cookies.set(name, pair.slice(separator + 1).trim());
  }
}

function cookieHeader(jar: CookieJar, url: URL): Record<string, string> {
  const cookies = jar.get(url.origin);
  if (!cookies || cookies.size === 0) return {};
  return { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
}

/**
 * Requests `authorizationUrl` and follows redirects (GET, manual, cookies kept) until one points
 * off the IdP's origin; returns that Location (the app's callback) without requesting it. Arm the
 * IdP first (`nextLogin`/`nextDenial`): a login page instead of a redirect is an error here.
 */
export async function followAuthorization(
  authorizationUrl: string,
  options: FollowAuthorizationOptions = {},
): Promise<string> {
  const idpOrigin = options.idpOrigin ?? new URL(authorizationUrl).origin;
  const jar: CookieJar = new Map();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < (options.maxHops ?? 20); hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: cookieHeader(jar, url) });
    storeCookies(jar, url, response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) {
      const body = await response.text();
      throw new Error(
        `${url.href} answered ${response.status} instead of a redirect (is a login or denial armed?): ${body.slice(0, 500)}`,
      );
    }
    await response.body?.cancel();
    const next = new URL(location, url);
    if (next.origin !== idpOrigin) return next.href;
    url = next;
  }
  throw new Error(`more than ${options.maxHops ?? 20} redirects from ${authorizationUrl}`);
}
