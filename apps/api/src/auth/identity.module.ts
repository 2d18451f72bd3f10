// The HTTP side of identity: auth, admin user management and API keys.

import { Module } from '@nestjs/common';
import { AuthModule } from '@stagecraft/auth';
import { ApiKeysController } from './api-keys.controller.js';
import { AuthController } from './auth.controller.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [AuthModule],
  controllers: [AuthController, UsersController, ApiKeysController],
})
export class IdentityModule {}
