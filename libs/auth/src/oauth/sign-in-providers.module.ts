// OAuth/OIDC sign-in: provider settings, the flow, identities and account linking.

import { Module } from '@nestjs/common';
import { AuthModule } from '../auth.module.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { ProvidersRepository } from '../providers/providers.repository.js';
import { ProvidersService } from '../providers/providers.service.js';
import { AccountResolver } from './account-resolver.js';
import { GitHubProviderClient } from './github-provider-client.js';
import { OAuthFlowService } from './oauth-flow.service.js';
import { OidcProviderClient } from './oidc-provider-client.js';

const exported = [ProvidersService, OAuthFlowService, IdentitiesRepository];

@Module({
  imports: [AuthModule],
  providers: [...exported, ProvidersRepository, AccountResolver, OidcProviderClient, GitHubProviderClient],
  exports: exported,
})
export class SignInProvidersModule {}
