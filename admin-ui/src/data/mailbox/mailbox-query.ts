// A page of captured emails, newest first, optionally to one recipient.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { mailboxKeys, type MailboxListParams } from './keys';

export function useMailboxQuery(params: MailboxListParams) {
  return useQuery({
    queryKey: mailboxKeys.list(params),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/mailbox', {
          params: { query: { limit: params.limit, offset: params.offset, ...(params.to ? { to: params.to } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
