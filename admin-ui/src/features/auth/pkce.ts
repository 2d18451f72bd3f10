// PKCE (RFC 7636) for the console's own provider sign-ins: a random verifier kept in this tab's
// sessionStorage and its S256 challenge sent with the redirect, so the one-time code the flow
// ends with is worthless to anyone who reads it from the address bar or the history.

const VERIFIER_KEY = 'stagecraft.oauth.code_verifier';

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes, base64url: 43 characters of [A-Za-z0-9_-]. */
export function generateCodeVerifier(crypto: Crypto = globalThis.crypto): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** BASE64URL(SHA-256(verifier)), the S256 method. */
export async function codeChallengeOf(verifier: string, crypto: Crypto = globalThis.crypto): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export function rememberCodeVerifier(verifier: string, storage: Storage = sessionStorage): void {
  storage.setItem(VERIFIER_KEY, verifier);
}

/** The verifier of the flow this tab started, once: it is removed as it is read. */
export function takeCodeVerifier(storage: Storage = sessionStorage): string | null {
  const verifier = storage.getItem(VERIFIER_KEY);
  storage.removeItem(VERIFIER_KEY);
  return verifier;
}
