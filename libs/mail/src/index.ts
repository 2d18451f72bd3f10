// Email: the API queues messages (MailModule), the worker sends them over SMTP or captures
// them in the database (MailWorkerModule), whose development mailbox the API can read
// (MailboxModule); templates for the identity emails.
export { MailModule } from './mail.module.js';
export { MailService } from './mail.service.js';
export { MailWorkerModule } from './mail-worker.module.js';
export { SEND_EMAIL_JOB, type MailMessage, type OutgoingMail } from './mail-message.js';
export { verifyEmailMessage, resetPasswordMessage, type LinkEmailInput } from './templates/identity-emails.js';
export { mfaChangedMessage, type MfaChange, type MfaChangeEmailInput } from './templates/security-notices.js';
export { escapeHtml } from './templates/escape-html.js';
export { MailboxModule } from './mailbox/mailbox.module.js';
export {
  CapturedMailboxService,
  type CapturedEmail,
  type CapturedEmailSummary,
  type MailboxPage,
  type MailboxQuery,
} from './mailbox/captured-mailbox.service.js';
