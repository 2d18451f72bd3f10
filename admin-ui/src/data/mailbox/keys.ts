// Query keys of the development mailbox (captured email).
export interface MailboxListParams {
  to?: string;
  limit: number;
  offset: number;
}

export const mailboxKeys = {
  all: ['mailbox'] as const,
  list: (params: MailboxListParams) => [...mailboxKeys.all, 'list', params] as const,
  email: (id: number) => [...mailboxKeys.all, 'email', id] as const,
};
