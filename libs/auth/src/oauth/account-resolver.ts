// Which account a provider's assertion signs in to. An identity seen before signs in to its
// owner. A new identity is linked to an existing account with the same email only when the
// provider asserts the address is verified AND the account's address is verified: otherwise
// whoever pre-registered (or controls the IdP account of) an address could take the other
// side's account (PocketBase CVE-2024-38351). Else a new account, if registration is on.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException } from '@stagecraft/core';
import { DataSource } from 'typeorm';
import { actorLabel } from '../event-actor.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { normalizeEmail, type UserRow } from '../users/user.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AssertedIdentity } from './asserted-identity.js';
import { OAuthFailure } from './oauth-failure.js';

@Injectable()
export class AccountResolver {
  constructor(
    private readonly users: UsersRepository,
    private readonly identities: IdentitiesRepository,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signInAccount(identity: AssertedIdentity): Promise<UserRow> {
    const known = await this.identities.findByAssertion(identity);
    if (known) {
      await this.identities.recordLogin(known.id, identity);
      return this.usable(await this.users.findById(known.user_id));
    }
    if (!identity.email) {
      throw new OAuthFailure('email_required', 'The provider shared no email address; allow it to, then try again.');
    }
    const existing = await this.users.findByEmail(normalizeEmail(identity.email));
    if (existing) {
      if (!identity.emailVerified || !existing.verified) {
        throw new OAuthFailure(
          'account_exists_unverified',
          `An account with this email already exists. Sign in to it another way, then link ${identity.provider} from the account (POST /api/v1/auth/identities/link).`,
        );
      }
      await this.identities.insert(existing.id, identity);
      return this.usable(existing);
    }
    if (!this.config.auth.registrationEnabled) {
      throw new OAuthFailure(
        'registration_closed',
        'Registration is switched off on this instance; ask an admin for an account.',
      );
    }
    return this.createAccount(identity, identity.email);
  }

  /** Links an identity to a signed-in user; refused when another account already owns it. */
  async link(userId: string, identity: AssertedIdentity): Promise<void> {
    const known = await this.identities.findByAssertion(identity);
    if (known && known.user_id !== userId) {
      throw new OAuthFailure(
        'identity_in_use',
        `This ${identity.provider} account is already linked to another account.`,
      );
    }
    if (known) return;
    await this.identities.insert(userId, identity);
  }

  private async createAccount(identity: AssertedIdentity, email: string): Promise<UserRow> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await this.users.insert(
          { email: normalizeEmail(email), passwordHash: null, role: 'user', verified: identity.emailVerified },
          actorLabel(undefined),
          manager,
        );
        await this.identities.insert(user.id, identity, manager);
        return user;
      });
    } catch (error) {
      // The same address registered a moment ago, by another request.
      if (error instanceof AppException) {
        throw new OAuthFailure(
          'account_exists_unverified',
          'An account with this email was just created; try again.',
          error,
        );
      }
      throw error;
    }
  }

  private usable(user: UserRow | undefined): UserRow {
    if (!user || user.disabled) throw new OAuthFailure('account_disabled', 'This account is disabled.');
    return user;
  }
}
