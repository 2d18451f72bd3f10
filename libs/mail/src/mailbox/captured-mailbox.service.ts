// The development mailbox: reads what the captured transport kept in stagecraft.captured_emails,
// newest first. It exists only while no SMTP server is configured; with SMTP_URL set, mail
// leaves the machine and the mailbox answers 404 rather than show stale captures.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { DataSource } from 'typeorm';

export interface CapturedEmailSummary {
  readonly id: number;
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly created_at: string;
}

export interface CapturedEmail extends CapturedEmailSummary {
  readonly text: string;
  readonly html: string | null;
}

export interface MailboxQuery {
  readonly limit: number;
  readonly offset: number;
  /** Only messages to this address (case-insensitive). */
  readonly to?: string;
}

export interface MailboxPage {
  readonly data: CapturedEmailSummary[];
  readonly meta: { limit: number; offset: number; total: number };
}

interface Row {
  id: string;
  to: string;
  from: string;
  subject: string;
  created_at: Date;
  text?: string;
  html?: string | null;
  total?: string;
}

const SUMMARY = `id, "to", "from", subject, created_at`;

const summaryOf = (row: Row): CapturedEmailSummary => ({
  id: Number(row.id),
  to: row.to,
  from: row.from,
  subject: row.subject,
  created_at: row.created_at.toISOString(),
});

@Injectable()
export class CapturedMailboxService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: MailboxQuery): Promise<MailboxPage> {
    this.assertCapturing();
    const params: unknown[] = [];
    let where = '';
    if (query.to !== undefined) {
      params.push(query.to);
      where = `WHERE lower("to") = lower($${params.length})`;
    }
    params.push(query.limit, query.offset);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY}, count(*) OVER () AS total FROM stagecraft.captured_emails ${where}
        ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    // Past the last page there is no row to carry the total: count it on its own.
    const total =
      rows[0] !== undefined ? Number(rows[0].total) : query.offset === 0 ? 0 : await this.count(where, params);
    return { data: rows.map(summaryOf), meta: { limit: query.limit, offset: query.offset, total } };
  }

  async get(id: number): Promise<CapturedEmail> {
    this.assertCapturing();
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY}, text, html FROM stagecraft.captured_emails WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) throw new AppException(ErrorCode.NotFound, `No captured email has the id ${id}.`);
    return { ...summaryOf(row), text: row.text ?? '', html: row.html ?? null };
  }

  private async count(where: string, params: readonly unknown[]): Promise<number> {
    const filter = params.slice(0, -2);
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM stagecraft.captured_emails ${where}`,
      filter,
    );
    return Number(rows[0]?.n ?? 0);
  }

  private assertCapturing(): void {
    if (this.config.mail.smtpUrl === undefined) return;
    throw new AppException(
      ErrorCode.NotFound,
      'There is no development mailbox: SMTP_URL is set, so email is sent through the SMTP server instead of captured here.',
    );
  }
}
