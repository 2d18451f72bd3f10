// One captured email with its text and HTML bodies.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { mailboxKeys } from './keys';

export function useCapturedEmailQuery(id: number | undefined) {
  return useQuery({
    queryKey: mailboxKeys.email(id ?? 0),
    queryFn: () => unwrap(api.GET('/api/v1/mailbox/{id}', { params: { path: { id: id ?? 0 } } })),
    enabled: id !== undefined,
  });
}
