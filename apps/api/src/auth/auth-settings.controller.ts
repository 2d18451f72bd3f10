// /api/v1/auth/settings: the sign-in settings admins change at runtime — the OAuth redirect
// allowlist and the roles that must use MFA.

import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly, AuthSettingsService, type AuthSettings } from '@stagecraft/auth';
import { AuthSettingsDto, UpdateAuthSettingsDto } from './oauth.dto.js';

@ApiTags('auth-providers')
@AdminOnly()
@Controller('auth/settings')
export class AuthSettingsController {
  constructor(private readonly settings: AuthSettingsService) {}

  @Get()
  @ApiOperation({
    summary: 'Sign-in settings',
    description: 'The exact redirect URLs OAuth flows may end at, and the roles that must use MFA.',
  })
  @ApiOkResponse({ type: AuthSettingsDto })
  async get(): Promise<AuthSettingsDto> {
    return view(await this.settings.get());
  }

  @Patch()
  @ApiOperation({
    summary: 'Change sign-in settings',
    description:
      '`oauth_redirect_urls` are matched exactly (no prefixes or wildcards). Adding a role to `mfa_required_roles` makes its members without a second factor enrol at their next sign-in.',
  })
  @ApiOkResponse({ type: AuthSettingsDto })
  @ApiBadRequestResponse({
    description: 'A URL is not absolute, has a fragment or an unsafe scheme; or a role is unknown',
  })
  async update(@Body() body: UpdateAuthSettingsDto): Promise<AuthSettingsDto> {
    return view(
      await this.settings.update({
        oauthRedirectUrls: body.oauth_redirect_urls,
        mfaRequiredRoles: body.mfa_required_roles,
      }),
    );
  }
}

function view(settings: AuthSettings): AuthSettingsDto {
  return { oauth_redirect_urls: [...settings.oauthRedirectUrls], mfa_required_roles: [...settings.mfaRequiredRoles] };
}
