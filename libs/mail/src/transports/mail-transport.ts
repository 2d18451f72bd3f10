// How the worker hands a message over: to an SMTP server, or into the captured mailbox.

import type { OutgoingMail } from '../mail-message.js';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

export interface MailTransport {
  readonly kind: 'smtp' | 'captured';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}
