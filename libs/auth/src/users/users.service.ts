// Admin user management: list, get, create, change role/verified/disabled, delete and
// force logout. Disabling or deleting a user ends their sessions at once.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';
import { AuthService } from '../auth.service.js';
import { actorLabel } from '../event-actor.js';
import type { Principal, Role } from '../principal.js';
import { SessionChecksService } from '../sessions/session-checks.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { normalizeEmail, toPublicUser, type PublicUser } from './user.js';
import { UsersRepository, type UserListQuery } from './users.repository.js';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly sessionChecks: SessionChecksService,
    private readonly auth: AuthService,
  ) {}

  async list(
    query: UserListQuery,
  ): Promise<{ data: PublicUser[]; meta: { limit: number; offset: number; total: number } }> {
    const { rows, total } = await this.users.list(query);
    return { data: rows.map(toPublicUser), meta: { limit: query.limit, offset: query.offset, total } };
  }

  async get(id: string): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (!user) throw notFound(id);
    return toPublicUser(user);
  }

  async create(
    input: { email: string; password: string; role: Role; verified?: boolean },
    actor: Principal,
  ): Promise<PublicUser> {
    const user = await this.auth.createUser({
      ...input,
      createdBy: actor.kind === 'user' ? actor.id : undefined,
      actor: actorLabel(actor),
    });
    return toPublicUser(user);
  }

  async update(
    id: string,
    changes: { email?: string; role?: Role; verified?: boolean; disabled?: boolean },
    actor: Principal,
  ): Promise<PublicUser> {
    if (isSelf(actor, id) && (changes.role === 'user' || changes.disabled === true)) {
      throw new AppException(ErrorCode.Conflict, 'Admins cannot demote or disable themselves; ask another admin.');
    }
    const user = await this.users.update(
      id,
      { ...changes, email: changes.email === undefined ? undefined : normalizeEmail(changes.email) },
      actorLabel(actor),
    );
    if (!user) throw notFound(id);
    if (changes.disabled === true) await this.sessions.revokeAllForUser(id, 'disabled');
    // A new role must apply to the next request, not after the session cache expires.
    else if (changes.role !== undefined) await this.sessionChecks.revoked({ users: [id] });
    return toPublicUser(user);
  }

  async delete(id: string, actor: Principal): Promise<void> {
    if (isSelf(actor, id)) {
      throw new AppException(ErrorCode.Conflict, 'Admins cannot delete themselves; ask another admin.');
    }
    if (!(await this.users.delete(id, actorLabel(actor)))) throw notFound(id);
    await this.sessionChecks.revoked({ users: [id] });
  }

  async forceLogout(id: string): Promise<{ revoked_sessions: number }> {
    await this.get(id);
    return { revoked_sessions: await this.sessions.revokeAllForUser(id, 'admin') };
  }
}

/** UUIDs compare case-insensitively: the database accepts either spelling. */
function isSelf(actor: Principal, id: string): boolean {
  return actor.kind === 'user' && actor.id.toLowerCase() === id.toLowerCase();
}

function notFound(id: string): AppException {
  return new AppException(ErrorCode.NotFound, `No user has the id ${id}.`);
}
