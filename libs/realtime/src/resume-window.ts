// Whether a reconnecting client can be given exactly what it missed: its position must be one
// this feed handed out, no more than REALTIME_RESUME_MAX_EVENTS behind, and the first event
// it missed no older than REALTIME_RESUME_WINDOW_SECONDS (and not yet purged).

import type { AppConfig } from '@stagecraft/config';
import type { DataSource } from 'typeorm';

export type ResumeVerdict = 'ok' | 'unknown_position' | 'too_old';

export async function checkResume(
  db: DataSource,
  position: number,
  head: number,
  limits: Pick<AppConfig['realtime'], 'resumeWindowSeconds' | 'resumeMaxEvents'>,
): Promise<ResumeVerdict> {
  if (!Number.isSafeInteger(position) || position < 0 || position > head) return 'unknown_position';
  if (position === head) return 'ok';
  if (head - position > limits.resumeMaxEvents) return 'too_old';
  const rows = await db.query<{ recent: boolean }[]>(
    `SELECT "sent_at" > now() - make_interval(secs => $2) AS recent
       FROM "stagecraft"."outbox" WHERE "feed_position" = $1`,
    [position + 1, limits.resumeWindowSeconds],
  );
  return rows[0]?.recent ? 'ok' : 'too_old';
}
