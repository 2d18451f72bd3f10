// One QueryClient for the console. Mutations that show their errors next to their inputs say so
// with `meta.inlineErrors`; any other failed mutation shows its problem as a notification.
import { notifications } from '@mantine/notifications';
import { MutationCache, QueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from './api';

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
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.inlineErrors) return;
        notifications.show({ color: 'red', title: 'That did not work', message: errorMessage(error) });
      },
    }),
  });
}
