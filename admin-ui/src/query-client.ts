// One QueryClient for the console. Mutations that show their errors next to their inputs say so
// with `meta.inlineErrors`; any other failed mutation shows its problem as a notification. A
// request refused until a second factor is set up sends the session to enrolment.
import { notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage, session } from './api';

const MFA_ENROLLMENT_REQUIRED = 'MFA_ENROLLMENT_REQUIRED';

function noticeEnrollment(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.code !== MFA_ENROLLMENT_REQUIRED) return false;
  session.markEnrollmentRequired();
  return true;
}

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { inlineErrors?: boolean };
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        // A problem document is an answer, not a glitch: do not retry 4xx.
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      },
    },
    queryCache: new QueryCache({ onError: noticeEnrollment }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (noticeEnrollment(error) || mutation.meta?.inlineErrors) return;
        notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(error) });
      },
    }),
  });
}
