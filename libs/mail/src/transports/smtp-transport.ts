// Sends through the SMTP server named by SMTP_URL (credentials, TLS and port all come from
// the URL, as nodemailer reads it).

import nodemailer, { type Transporter } from 'nodemailer';
import type { OutgoingMail } from '../mail-message.js';
import type { MailTransport } from './mail-transport.js';

export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter;

  constructor(url: string) {
    this.transporter = nodemailer.createTransport(url);
  }

  async send(mail: OutgoingMail): Promise<void> {
    const { from, to, subject, text, html } = mail;
    await this.transporter.sendMail({ from, to, subject, text, html });
  }

  close(): void {
    this.transporter.close();
  }
}
