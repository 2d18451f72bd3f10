// Decides what the console shows before anything else: the first-admin screen while the
// instance has no admin, the sign-in screen without a session, else the console itself.
import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { useSetupStatusQuery } from '../../data/auth/setup-status-query';
import { SetupPage } from './setup-page';
import { SignInPage } from './sign-in-page';
import { useSession } from './use-session';

export function AuthGate({ children }: { children: ReactNode }) {
  const current = useSession();
  const setup = useSetupStatusQuery();
  if (setup.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (setup.isError) {
    return (
      <Center h="100vh" p="md">
        <ProblemAlert error={setup.error} title="The API cannot be reached" />
      </Center>
    );
  }
  if (setup.data.needs_setup) return <SetupPage />;
  if (!current) return <SignInPage />;
  return <>{children}</>;
}
