// PKCE (RFC 7636) for OAuth sign-ins started by the app: a random verifier and its S256
// challenge, from Web Crypto. Without Web Crypto (older React Native) the flow runs without it.

interface WebCrypto {
  getRandomValues(array: Uint8Array): Uint8Array;
  subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> };
}

export const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

const base64Url = (bytes: Uint8Array): string =>
  base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export async function pkcePair(): Promise<{ verifier: string; challenge: string } | undefined> {
  const crypto = (globalThis as { crypto?: Partial<WebCrypto> }).crypto;
  if (!crypto?.subtle || !crypto.getRandomValues) return undefined;
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64Url(new Uint8Array(digest)) };
}
