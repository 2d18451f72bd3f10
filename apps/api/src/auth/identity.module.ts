// The HTTP side of identity: auth, email verification and password reset, admin user
// management, API keys, sign-in providers with their OAuth flow and identities, and MFA.

import { Module } from '@nestjs/common';
import { AuthModule, EmailFlowsModule, MfaModule, SignInProvidersModule } from '@stagecraft/auth';
import { ApiKeysController } from './api-keys.controller.js';
import { AuthController } from './auth.controller.js';
import { AuthSettingsController } from './auth-settings.controller.js';
import { EmailFlowsController } from './email-flows.controller.js';
import { IdentitiesController } from './identities.controller.js';
import { MfaController } from './mfa.controller.js';
import { OAuthController } from './oauth.controller.js';
import { PasskeysController } from './passkeys.controller.js';
import { SignInProvidersController } from './sign-in-providers.controller.js';
import { UsersController } from './users.controller.js';

const mfaControllers = [MfaController, PasskeysController];
const signInProviderControllers = [
  SignInProvidersController,
  OAuthController,
  IdentitiesController,
  AuthSettingsController,
];

@Module({
  imports: [AuthModule, EmailFlowsModule, SignInProvidersModule, MfaModule],
  controllers: [
    AuthController,
    EmailFlowsController,
    UsersController,
    ApiKeysController,
    ...signInProviderControllers,
    ...mfaControllers,
  ],
})
export class IdentityModule {}
