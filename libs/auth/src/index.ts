// Identity: users, passwords, sessions and tokens, API keys, rate limits and the access guard.
export { AuthModule } from './auth.module.js';
export { AuthService, type SignedIn, type TokenPair, type ClientContext } from './auth.service.js';
export { UsersService } from './users/users.service.js';
export { UserPasswordService } from './users/user-password.service.js';
export { UsersRepository, type UserListQuery } from './users/users.repository.js';
export { createAccount, type NewAccount } from './users/create-user.js';
export { type PublicUser, toPublicUser } from './users/user.js';
export { ApiKeysService, type ApiKeyView, API_KEY_PATTERN } from './api-keys/api-keys.service.js';
export {
  Public,
  SignedInOrAnonymous,
  Authenticated,
  AdminOnly,
  OwnCredentials,
  AllowedBeforeMfaEnrolment,
  ACCESS_KEY,
  BEARER_SCHEME,
  API_KEY_SCHEME,
  type AccessLevel,
} from './guard/access.decorator.js';
export { CurrentPrincipal, OptionalPrincipal } from './guard/current-principal.decorator.js';
export { type Principal, type Role, type AssuranceLevel, ROLES } from './principal.js';
export { actorClause, actorLabel, type ActorClause } from './event-actor.js';
export { hashPassword, verifyPassword, needsRehash, ARGON2_PARAMETERS } from './passwords/password-hasher.js';
export { checkPassword, PASSWORD_MAX_LENGTH } from './passwords/password-policy.js';
export { EmailFlowsModule } from './email-tokens/email-flows.module.js';
export { EmailVerificationService } from './email-tokens/email-verification.service.js';
export { PasswordResetService } from './email-tokens/password-reset.service.js';
export { CallerAuthenticator, type AuthenticatedCaller, type CallerCredentials } from './guard/caller-authenticator.js';
export { FileTokensService, type FileScope } from './tokens/file-tokens.service.js';
export { SessionChecksService, type Revocation } from './sessions/session-checks.service.js';
export { AuthChallengesService, type ChallengeKind } from './challenges/auth-challenges.service.js';
export {
  AuthSettingsService,
  type AuthSettings,
  CONSOLE_OAUTH_CALLBACK_PATH,
} from './settings/auth-settings.service.js';
export { SignInProvidersModule } from './oauth/sign-in-providers.module.js';
export { ProvidersService, type PublicProvider } from './providers/providers.service.js';
export { PROVIDER_PRESETS, type ProviderPreset, type ProviderView } from './providers/sign-in-provider.js';
export { OAuthFlowService, type SignInOutcome, type TestSignInResult } from './oauth/oauth-flow.service.js';
export { IdentitiesRepository, toIdentityView, type IdentityView } from './identities/identities.repository.js';
export { MfaModule } from './mfa/mfa.module.js';
export { MfaEnrolmentService, type FactorAdded } from './mfa/mfa-enrolment.service.js';
export { MfaChangesService } from './mfa/mfa-changes.service.js';
export { MfaSignInService, type PasswordlessOptions } from './mfa/mfa-sign-in.service.js';
export { MfaStatusService } from './mfa/mfa-status.service.js';
export type { MfaStatus, PasskeyView } from './mfa/mfa-views.js';
export { MFA_TICKET_TTL_SECONDS, type MfaRequired } from './mfa/mfa-tickets.service.js';
export type { MfaMethod } from './mfa/second-factors.repository.js';
export type { ProofCandidate, SecondFactorProof } from './mfa/second-factor-verifier.service.js';
export type { TotpEnrolment } from './mfa/totp.service.js';
