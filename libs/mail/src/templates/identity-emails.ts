// The identity emails: verify an address, reset a password. Each is a plain-text body and
// a small HTML one; everything interpolated into the HTML is escaped.

import type { MailMessage } from '../mail-message.js';
import { escapeHtml } from './escape-html.js';

export interface LinkEmailInput {
  readonly to: string;
  /** The single-use link, built from PUBLIC_URL. */
  readonly link: string;
  /** How long the link works. */
  readonly ttlSeconds: number;
}

function lifetime(ttlSeconds: number): string {
  const minutes = Math.round(ttlSeconds / 60);
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function linkEmail(
  input: LinkEmailInput,
  content: { subject: string; intro: string; action: string; ignore: string },
): MailMessage {
  const expiry = `The link works once and expires in ${lifetime(input.ttlSeconds)}.`;
  const text = [content.intro, '', input.link, '', expiry, content.ignore, ''].join('\n');
  const link = escapeHtml(input.link);
  const html = [
    `<p>${escapeHtml(content.intro)}</p>`,
    `<p><a href="${link}">${escapeHtml(content.action)}</a></p>`,
    `<p>Or paste this link into your browser:<br>${link}</p>`,
    `<p>${escapeHtml(expiry)} ${escapeHtml(content.ignore)}</p>`,
  ].join('\n');
  return { to: input.to, subject: content.subject, text, html };
}

export function verifyEmailMessage(input: LinkEmailInput): MailMessage {
  return linkEmail(input, {
    subject: 'Verify your email address',
    intro: `Confirm that ${input.to} is your email address by opening this link:`,
    action: 'Verify my email address',
    ignore: 'If you did not create an account, ignore this email.',
  });
}

export function resetPasswordMessage(input: LinkEmailInput): MailMessage {
  return linkEmail(input, {
    subject: 'Reset your password',
    intro: `Someone asked to reset the password of the account ${input.to}. Choose a new password here:`,
    action: 'Choose a new password',
    ignore: 'If you did not ask for this, ignore this email: your password stays as it is.',
  });
}
