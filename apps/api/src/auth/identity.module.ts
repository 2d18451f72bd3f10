// The HTTP side of identity: auth, email verification and password reset, admin user
// management and API keys.

import { Module } from '@nestjs/common';
import { AuthModule, EmailFlowsModule } from '@stagecraft/auth';
import { ApiKeysController } from './api-keys.controller.js';
import { AuthController } from './auth.controller.js';
import { EmailFlowsController } from './email-flows.controller.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [AuthModule, EmailFlowsModule],
  controllers: [AuthController, EmailFlowsController, UsersController, ApiKeysController],
})
export class IdentityModule {}
