// Identity for the API: the global access guard, the JWT strategy and every auth service.

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { OutboxWakeupModule } from '@stagecraft/events';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { AuthService } from './auth.service.js';
import { AuthChallengesService } from './challenges/auth-challenges.service.js';
import { AccessGuard } from './guard/access.guard.js';
import { CallerAuthenticator } from './guard/caller-authenticator.js';
import { JwtStrategy } from './guard/jwt.strategy.js';
import { MfaTicketsService } from './mfa/mfa-tickets.service.js';
import { SecondFactorsRepository } from './mfa/second-factors.repository.js';
import { RateLimiterService } from './rate-limit/rate-limiter.service.js';
import { AuthSettingsService } from './settings/auth-settings.service.js';
import { SessionChecksService } from './sessions/session-checks.service.js';
import { SessionsService } from './sessions/sessions.service.js';
import { AccessTokensService } from './tokens/access-tokens.service.js';
import { FileTokensService } from './tokens/file-tokens.service.js';
import { SigningKeyService } from './tokens/signing-key.service.js';
import { VerifiedTokens } from './tokens/verified-tokens.js';
import { UsersRepository } from './users/users.repository.js';
import { UserPasswordService } from './users/user-password.service.js';
import { UsersService } from './users/users.service.js';

const services = [
  ApiKeysService,
  AuthService,
  RateLimiterService,
  SessionsService,
  SessionChecksService,
  AccessTokensService,
  SigningKeyService,
  UsersRepository,
  UsersService,
  UserPasswordService,
  CallerAuthenticator,
  FileTokensService,
  AuthChallengesService,
  AuthSettingsService,
  // What sign-in needs of MFA: does the user have a second factor, and the ticket for it.
  SecondFactorsRepository,
  MfaTicketsService,
];

@Module({
  imports: [PassportModule, JwtModule.register({}), OutboxWakeupModule],
  providers: [...services, JwtStrategy, VerifiedTokens, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: services,
})
export class AuthModule {}
