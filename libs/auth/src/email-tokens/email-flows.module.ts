// Email verification and password reset for the API: single-use tokens, their rate limits
// and the messages, queued through MailModule.

import { Module } from '@nestjs/common';
import { MailModule } from '@stagecraft/mail';
import { AuthModule } from '../auth.module.js';
import { EmailSendLimits } from './email-send-limits.service.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { UserTokensRepository } from './user-tokens.repository.js';

@Module({
  imports: [AuthModule, MailModule],
  providers: [UserTokensRepository, EmailSendLimits, EmailVerificationService, PasswordResetService],
  exports: [EmailVerificationService, PasswordResetService],
})
export class EmailFlowsModule {}
