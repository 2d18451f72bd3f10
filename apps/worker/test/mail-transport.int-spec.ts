// The worker's email transport: with SMTP_URL set, a queued message goes to that SMTP server
// (a sink on loopback here) with MAIL_FROM as sender, and nothing lands in the captured mailbox.

import type { INestApplicationContext } from '@nestjs/common';
import { SEND_EMAIL_JOB, type MailMessage } from '@stagecraft/mail';
import { bullmqConnectionOptions } from '@stagecraft/redis';
import { createTestEnvironment, TEST_REDIS_URL, waitFor, type TestEnvironment } from '@stagecraft/testing';
import { QueueName } from '@stagecraft/jobs';
import { Queue } from 'bullmq';
import pg from 'pg';
import { createWorkerApp } from '../src/create-worker-app.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

describe('email over SMTP', () => {
  let env: TestEnvironment;
  let sink: SmtpSink;
  let worker: INestApplicationContext;
  let queue: Queue<MailMessage>;
  let db: pg.Client;

  beforeAll(async () => {
    env = await createTestEnvironment();
    sink = await startSmtpSink();
    worker = await createWorkerApp(
      env.config({ SMTP_URL: sink.url, MAIL_FROM: 'Stagecraft Test <no-reply@stagecraft.test>' }),
    );
    queue = new Queue<MailMessage>(QueueName.Email, {
      connection: bullmqConnectionOptions(TEST_REDIS_URL),
      prefix: `${env.redisPrefix}:bull`,
    });
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await sink?.close();
    await db?.end();
    await env?.dispose();
  });

  it('delivers a queued message to the SMTP server and captures nothing', async () => {
    await queue.add(SEND_EMAIL_JOB, {
      to: 'ada@example.com',
      subject: 'Hello over SMTP',
      text: 'Plain body\n.leading dot stays',
      html: '<p>HTML body</p>',
    });

    const [mail] = await waitFor(
      () => Promise.resolve([...sink.received]),
      (received) => received.length === 1,
      { what: 'the message at the SMTP sink' },
    );
    expect(mail?.from).toBe('<no-reply@stagecraft.test>');
    expect(mail?.to).toEqual(['<ada@example.com>']);
    expect(mail?.data).toMatch(/^From: Stagecraft Test <no-reply@stagecraft\.test>$/m);
    expect(mail?.data).toMatch(/^To: ada@example\.com$/m);
    expect(mail?.data).toMatch(/^Subject: Hello over SMTP$/m);
    expect(mail?.data).toContain('Plain body');
    expect(mail?.data).toContain('.leading dot stays');
    expect(mail?.data).toContain('<p>HTML body</p>');

    const captured = await db.query('SELECT count(*)::int AS n FROM stagecraft.captured_emails');
    expect(captured.rows[0].n).toBe(0);
  });
});
