// Every route declares who may call it, in one line: @Public(), @Authenticated(),
// @AdminOnly() or, rarely, @OwnCredentials(). A route without a declaration is refused (and a
// test lists any such route). @AllowedBeforeMfaEnrolment() marks the few routes a session that
// still has to set up a second factor may use.

import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';

export type AccessLevel = 'public' | 'authenticated' | 'admin' | 'own-credentials';
export const ACCESS_KEY = 'stagecraft:access';
export const BEFORE_MFA_ENROLMENT_KEY = 'stagecraft:before-mfa-enrolment';
export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

const secured = (level: AccessLevel): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, level),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired credentials (problem document)' }),
    ...(level === 'admin'
      ? [ApiForbiddenResponse({ description: 'Signed in, but not an admin (problem document)' })]
      : []),
  );

/** Anyone, signed in or not. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'public');
/**
 * Anyone, and a caller who sends credentials is identified by them (bad ones are a 401): for
 * routes whose answer depends on who asks, such as realtime, where access rules apply.
 */
export const SignedInOrAnonymous = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, 'public'),
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiSecurity({}),
    ApiUnauthorizedResponse({ description: 'Invalid or expired credentials (problem document)' }),
  );
/** Any signed-in user or API key. */
export const Authenticated = (): MethodDecorator & ClassDecorator => secured('authenticated');
/** Admins (users or API keys with the admin role) only. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => secured('admin');
/**
 * The route checks a credential of its own (the metrics scrape token), so the guard neither
 * reads the Authorization header as a user's token nor refuses the request.
 */
export const OwnCredentials = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'own-credentials');
/**
 * Usable by a session whose role must use a second factor before it has one (the access token's
 * `mfa_enrol` claim): the profile, sign-out, refresh and the MFA routes that enrol one. Every
 * other route answers such a session 403 MFA_ENROLLMENT_REQUIRED.
 */
export const AllowedBeforeMfaEnrolment = (): MethodDecorator & ClassDecorator =>
  SetMetadata(BEFORE_MFA_ENROLMENT_KEY, true);
