// Open connections outlive the checks made when they opened. This re-reads, in one query per
// kind, whether each connection's session (and user) or API key is still valid and what role
// it has now: on every revocation announcement and on a timer, so a revoked session, a
// disabled user, a revoked or expired key, or a changed role reaches open connections too.

import type { Principal } from '@stagecraft/auth';
import type { DataSource } from 'typeorm';

/** The current role of each principal still allowed in; absent ones are no longer valid. */
export async function currentRoles(
  db: DataSource,
  principals: readonly Principal[],
): Promise<Map<string, Principal['role']>> {
  const roles = new Map<string, Principal['role']>();
  const sessions = principals.filter((p) => p.kind === 'user' && p.sessionId !== undefined).map((p) => p.sessionId);
  const keys = principals.filter((p) => p.kind === 'api_key').map((p) => p.id);
  if (sessions.length > 0) {
    const rows = await db.query<{ id: string; role: Principal['role'] }[]>(
      `SELECT s."id"::text AS id, u."role" FROM "stagecraft"."sessions" s JOIN "data"."users" u ON u."id" = s."user_id"
        WHERE s."id" = ANY($1::uuid[]) AND NOT u."disabled" AND s."revoked_at" IS NULL AND s."expires_at" > now()`,
      [sessions],
    );
    for (const row of rows) roles.set(`session:${row.id}`, row.role);
  }
  if (keys.length > 0) {
    const rows = await db.query<{ id: string; role: Principal['role'] }[]>(
      `SELECT "id"::text AS id, "role" FROM "stagecraft"."api_keys"
        WHERE "id" = ANY($1::uuid[]) AND "revoked_at" IS NULL AND ("expires_at" IS NULL OR "expires_at" > now())`,
      [keys],
    );
    for (const row of rows) roles.set(`api_key:${row.id}`, row.role);
  }
  return roles;
}

/** The key `currentRoles` answers under for a principal. */
export const credentialKey = (principal: Principal): string =>
  principal.kind === 'api_key' ? `api_key:${principal.id}` : `session:${principal.sessionId ?? ''}`;
