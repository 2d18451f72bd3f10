// What the `email` queue carries: one message, addressed and rendered by the producer; the
// worker adds the sender from configuration and hands it to the transport.

export const SEND_EMAIL_JOB = 'send-email';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** A message as it leaves: the queued message plus the configured sender. */
export interface OutgoingMail extends MailMessage {
  readonly from: string;
}
