// Sends through the SMTP server named by SMTP_URL (credentials, TLS and port all come from
// the URL, as nodemailer reads it). nodemailer loads with the first mail rather than with the
// process: the API sends rarely (and most mail goes through the worker's queue).

import type { Transporter } from 'nodemailer';
import type { OutgoingMail } from '../mail-message.js';
import type { MailTransport } from './mail-transport.js';

export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp';
  private transporter: Promise<Transporter> | undefined;

  constructor(private readonly url: string) {}

  async send(mail: OutgoingMail): Promise<void> {
    const { from, to, subject, text, html } = mail;
    this.transporter ??= import('nodemailer').then((nodemailer) => nodemailer.default.createTransport(this.url));
    await (await this.transporter).sendMail({ from, to, subject, text, html });
  }

  close(): void {
    void this.transporter?.then((transporter) => transporter.close()).catch(() => undefined);
  }
}
