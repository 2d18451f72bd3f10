// Keeps messages in stagecraft.captured_emails instead of sending them: development and tests
// read them there, and nothing leaves the machine when no SMTP server is configured.

import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { OutgoingMail } from '../mail-message.js';
import type { MailTransport } from './mail-transport.js';

export class CapturedTransport implements MailTransport {
  readonly kind = 'captured';
  private readonly logger = new Logger('CapturedMail');

  constructor(private readonly dataSource: DataSource) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stagecraft.captured_emails ("to", "from", subject, text, html) VALUES ($1, $2, $3, $4, $5)`,
      [mail.to, mail.from, mail.subject, mail.text, mail.html ?? null],
    );
    this.logger.log(`Captured email "${mail.subject}" to ${mail.to} in stagecraft.captured_emails (no SMTP_URL)`);
  }

  close(): void {}
}
