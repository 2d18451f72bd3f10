// The built worker across a Redis restart that loses Redis's data. What it writes while Redis
// is down: every line JSON, and the outage logged once when it starts and once when it ends,
// however many connections (one per queue and consumer) fail to reconnect in between. Before, each failed reconnect of a consumer without
// an 'error' listener was printed by BullMQ as a raw stack trace, and nothing else was written:
// the worker's own logs stayed in Nest's start-up buffer. Afterwards: the maintenance schedule
// is set again in the empty Redis (before, maintenance stopped until the worker restarted).

import { QueueName } from '@stagecraft/jobs';
import { bullmqConnectionOptions } from '@stagecraft/redis';
import {
  createTestEnvironment,
  ensureBuilt,
  startPrivateRedis,
  waitFor,
  type PrivateRedis,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';
import { Queue } from 'bullmq';
import { MAINTENANCE_SCHEDULE } from '../src/maintenance/maintenance.processor.js';
import { startWorkerProcess } from './support/worker-process.js';

interface LogLine {
  level: number;
  msg: string;
}

const WARN = 40;

function parseLines(output: string): { entries: LogLine[]; notJson: string[] } {
  const entries: LogLine[] = [];
  const notJson: string[] = [];
  for (const line of output.split('\n').filter((text) => text.trim() !== '')) {
    try {
      entries.push(JSON.parse(line) as LogLine);
    } catch {
      notJson.push(line);
    }
  }
  return { entries, notJson };
}

describe('the worker across a Redis restart', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let worker: RunningProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await redis?.stop();
    await env?.dispose();
  });

  it('writes only JSON lines, one warning when the outage starts and one line when it ends, and schedules maintenance again', async () => {
    worker = await startWorkerProcess(env, { REDIS_URL: redis.url, LOG_LEVEL: 'info' });
    const running = worker;
    const since = running.output().length;
    const outageLines = (): ReturnType<typeof parseLines> => parseLines(running.output().slice(since));
    const maintenance = new Queue(QueueName.Maintenance, {
      connection: bullmqConnectionOptions(redis.url),
      prefix: `${env.redisPrefix}:bull`,
    });

    // The schedule's first run starts with the worker. A job still running when Redis loses its
    // data cannot renew its lock, and that is rightly a warning of its own; this test is about
    // the outage alone, so Redis goes down once that run is done.
    await waitFor(
      () => maintenance.getJobCounts('completed', 'active', 'wait'),
      (counts) => (counts.completed ?? 0) > 0 && !counts.active && !counts.wait,
      { what: 'the first maintenance run completed' },
    );
    await maintenance.close();

    await redis.stop();
    await waitFor(
      () => Promise.resolve(outageLines().entries.filter((entry) => entry.level >= WARN).length),
      (warnings) => warnings > 0,
      { what: 'the outage logged' },
    );
    // Several seconds down: each of the worker's connections fails to reconnect a few times.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await redis.start();
    await waitFor(() => Promise.resolve(outageLines().entries.some((entry) => /restored/.test(entry.msg))), Boolean, {
      what: 'the recovery logged',
      timeoutMs: 20_000,
    });

    const { entries, notJson } = outageLines();
    expect(notJson).toEqual([]);
    // A job some consumer held when Redis lost its data (one queued by the first maintenance
    // run, say) cannot be finished: BullMQ's "Missing key/lock for job" is that job's own
    // warning, a consequence of the lost data rather than a line about the outage.
    const aboutLostJobs = (entry: LogLine) => /^Consumer of ".*": Missing (key|lock) for job /.test(entry.msg);
    expect(entries.filter((entry) => entry.level >= WARN && !aboutLostJobs(entry))).toEqual([
      expect.objectContaining({ level: WARN, msg: expect.stringMatching(/^Redis connection .* lost/) }),
    ]);
    expect(entries.filter((entry) => /restored/.test(entry.msg))).toHaveLength(1);

    // The restarted Redis started empty; the worker has put the maintenance schedule back.
    const restarted = new Queue(QueueName.Maintenance, {
      connection: bullmqConnectionOptions(redis.url),
      prefix: `${env.redisPrefix}:bull`,
    });
    try {
      const schedule = await waitFor(
        () => restarted.getJobScheduler(MAINTENANCE_SCHEDULE),
        (found) => found !== undefined,
        { what: 'the maintenance schedule in the restarted Redis' },
      );
      expect(schedule?.every).toBeGreaterThan(0);
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
