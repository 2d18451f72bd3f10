// Links in identity emails point at the console, under PUBLIC_URL. They are built from
// configuration only: a Host or X-Forwarded-Host header must never choose where a token goes.

export type EmailLinkPage = 'verify-email' | 'reset-password';

export function emailLink(publicUrl: string, page: EmailLinkPage, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/admin/${page}?token=${encodeURIComponent(token)}`;
}
