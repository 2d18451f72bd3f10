// Picks the transport once, from configuration: SMTP when SMTP_URL is set, the captured
// mailbox otherwise (with a warning in production, where mail is then never delivered).

import { Logger } from '@nestjs/common';
import type { AppConfig } from '@stagecraft/config';
import type { DataSource } from 'typeorm';
import { CapturedTransport } from './captured-transport.js';
import type { MailTransport } from './mail-transport.js';
import { SmtpTransport } from './smtp-transport.js';

export function createMailTransport(config: AppConfig, dataSource: DataSource): MailTransport {
  if (config.mail.smtpUrl !== undefined) return new SmtpTransport(config.mail.smtpUrl);
  if (config.env === 'production') {
    new Logger('Mail').warn(
      'SMTP_URL is unset: email is only captured in stagecraft.captured_emails, never delivered. Set SMTP_URL to send it.',
    );
  }
  return new CapturedTransport(dataSource);
}
