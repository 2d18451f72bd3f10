// SQL for the built-in users table (data.users). Every statement is parameterised; the
// columns are fixed system columns, so no identifier ever comes from input. Writes name their
// actor (see event-actor.ts): users is a collection, so its changes are record events too.

import { Injectable, Optional } from '@nestjs/common';
import { AppException, ErrorCode, fieldSentence, uuidV7 } from '@stagecraft/core';
import { OutboxWakeup } from '@stagecraft/events';
import { DataSource, type EntityManager } from 'typeorm';
import { actorClause } from '../event-actor.js';
import type { Role } from '../principal.js';
import type { UserRow } from './user.js';

const COLUMNS = 'id, email, password_hash, role, verified, disabled, created_at, updated_at, last_login_at, version';

export interface NewUser {
  email: string;
  /** Null for an account created through a sign-in provider. */
  passwordHash: string | null;
  role: Role;
  verified?: boolean;
  createdBy?: string | null;
}

export interface UserListQuery {
  limit: number;
  offset: number;
  email?: string;
  role?: Role;
}

export interface UserChanges {
  email?: string;
  role?: Role;
  verified?: boolean;
  disabled?: boolean;
  passwordHash?: string;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

@Injectable()
export class UsersRepository {
  /** Without `outbox` (the CLI) the relay's poll finds the events. */
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly outbox?: OutboxWakeup,
  ) {}

  private db(manager?: EntityManager): DataSource | EntityManager {
    return manager ?? this.dataSource;
  }

  async findById(id: string, manager?: EntityManager): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.db(manager).query(`SELECT ${COLUMNS} FROM data.users WHERE id = $1`, [id]);
    return rows[0];
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM data.users WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows[0];
  }

  /** `actor`: the events' actor label, null for changes made outside the API. */
  async insert(user: NewUser, actor: string | null, manager?: EntityManager): Promise<UserRow> {
    const params: unknown[] = [
      uuidV7(),
      user.email,
      user.passwordHash,
      user.role,
      user.verified ?? false,
      user.createdBy ?? null,
    ];
    const clause = actorClause(actor, params);
    try {
      const rows: UserRow[] = await this.db(manager).query(
        `${clause.with} INSERT INTO data.users (id, email, password_hash, role, verified, created_by)
         SELECT $1::uuid, $2::text, $3::text, $4::text, $5::boolean, $6::uuid WHERE ${clause.guard}
         RETURNING ${COLUMNS}`,
        params,
      );
      // In a caller's transaction nothing is committed yet; the poll finds that event.
      if (!manager) this.outbox?.changed();
      return rows[0] as UserRow;
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** Applies the given changes, bumping version and updated_at; undefined when the user is gone. */
  async update(id: string, changes: UserChanges, actor: string): Promise<UserRow | undefined> {
    const columns: Record<keyof UserChanges, string> = {
      email: 'email',
      role: 'role',
      verified: 'verified',
      disabled: 'disabled',
      passwordHash: 'password_hash',
    };
    const assignments: string[] = [];
    const params: unknown[] = [id];
    for (const [key, column] of Object.entries(columns) as [keyof UserChanges, string][]) {
      if (changes[key] === undefined) continue;
      params.push(changes[key]);
      assignments.push(`${column} = $${params.length}`);
    }
    if (assignments.length === 0) return this.findById(id); // nothing to change: no new version
    const clause = actorClause(actor, params);
    try {
      const rows: [UserRow[], number] = await this.dataSource.query(
        `${clause.with} UPDATE data.users
            SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
          WHERE id = $1 AND ${clause.guard} RETURNING ${COLUMNS}`,
        params,
      );
      this.outbox?.changed();
      return rows[0][0];
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  async recordLogin(id: string, newPasswordHash?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE data.users SET last_login_at = now(), password_hash = COALESCE($2, password_hash) WHERE id = $1`,
      [id, newPasswordHash ?? null],
    );
  }

  async delete(id: string, actor: string): Promise<boolean> {
    const params: unknown[] = [id];
    const clause = actorClause(actor, params);
    const result: [unknown[], number] = await this.dataSource.query(
      `${clause.with} DELETE FROM data.users WHERE id = $1 AND ${clause.guard}`,
      params,
    );
    this.outbox?.changed();
    return result[1] > 0;
  }

  async list(query: UserListQuery): Promise<{ rows: UserRow[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.email) {
      params.push(`%${query.email.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      conditions.push(`email ILIKE $${params.length}`);
    }
    if (query.role) {
      params.push(query.role);
      conditions.push(`role = $${params.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    params.push(query.limit, query.offset);
    const rows: (UserRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM data.users ${where}
       ORDER BY created_at, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const total = rows[0] ? Number(rows[0].total) : await this.count(where, params.slice(0, -2));
    return { rows, total };
  }

  private async count(where: string, params: unknown[]): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM data.users ${where}`,
      params,
    );
    return rows[0]?.n ?? 0;
  }

  async adminExists(manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.db(manager).query(`SELECT 1 FROM data.users WHERE role = 'admin' LIMIT 1`);
    return rows.length > 0;
  }
}

function emailTaken(): AppException {
  return new AppException(ErrorCode.UniqueViolation, 'An account with this email already exists.', {
    errors: [{ field: 'email', code: 'unique', message: fieldSentence('email', 'is already registered') }],
  });
}
