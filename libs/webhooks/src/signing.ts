// Standard Webhooks signatures: `webhook-signature: v1,<base64 HMAC-SHA256>` over
// `<id>.<timestamp>.<body>`, keyed with the bytes of a `whsec_<base64>` secret.

import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;
/** Standard Webhooks recommends secrets of 24 to 64 bytes. */
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;
export const USER_AGENT = 'Stagecraft-Webhooks/1';

export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** Why `secret` is not a usable signing secret, or undefined when it is. */
export function secretProblem(secret: string): string | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return `The secret must start with "${SECRET_PREFIX}".`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return `The part of the secret after "${SECRET_PREFIX}" must be base64.`;
  }
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < SECRET_MIN_BYTES || bytes > SECRET_MAX_BYTES) {
    return `The secret must encode ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} bytes, not ${bytes}.`;
  }
  return undefined;
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const digest = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${digest}`;
}

/** Every header a delivery carries; `timestamp` is in Unix seconds. */
export function signedHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(secret, id, timestamp, body),
  };
}
