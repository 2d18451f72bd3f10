// Notices about changes to an account's sign-in security (second factors, recovery codes): sent
// after the change, so an owner who did not make it learns of it. Plain text and small HTML, with
// everything interpolated into the HTML escaped.

import type { MailMessage } from '../mail-message.js';
import { escapeHtml } from './escape-html.js';

export type MfaChange =
  'totp_enabled' | 'totp_disabled' | 'passkey_added' | 'passkey_removed' | 'recovery_codes_renewed';

export interface MfaChangeEmailInput {
  readonly to: string;
  readonly change: MfaChange;
  /** The passkey's name, for passkey changes. */
  readonly passkeyName?: string;
  readonly at: Date;
}

function sentence(input: MfaChangeEmailInput): string {
  const passkey = `the passkey "${input.passkeyName ?? 'Passkey'}"`;
  switch (input.change) {
    case 'totp_enabled':
      return 'An authenticator app was set up as a second factor.';
    case 'totp_disabled':
      return 'The authenticator app was removed as a second factor.';
    case 'passkey_added':
      return `${passkey[0]?.toUpperCase()}${passkey.slice(1)} was added.`;
    case 'passkey_removed':
      return `${passkey[0]?.toUpperCase()}${passkey.slice(1)} was removed.`;
    case 'recovery_codes_renewed':
      return 'New recovery codes were created; the previous ones no longer work.';
  }
}

export function mfaChangedMessage(input: MfaChangeEmailInput): MailMessage {
  const intro = `The sign-in security of your account ${input.to} changed on ${input.at.toISOString()}:`;
  const what = sentence(input);
  const after = 'Every other session of the account was signed out.';
  const warning = 'If you did not make this change, reset your password at once and tell an admin.';
  const text = [intro, '', what, '', after, warning, ''].join('\n');
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    `<p><strong>${escapeHtml(what)}</strong></p>`,
    `<p>${escapeHtml(after)} ${escapeHtml(warning)}</p>`,
  ].join('\n');
  return { to: input.to, subject: 'Your sign-in security changed', text, html };
}
