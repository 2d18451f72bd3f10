// Account and security, for whoever is signed in (admins and users): two-step verification,
// linked provider accounts and, for accounts made through a provider, a first password. A
// session that must first set up a second factor sees only that.
import { Alert, Stack } from '@mantine/core';
import { PageHeader } from '../../components/page-header';
import { useMeQuery } from '../../data/auth/me-query';
import { useSession } from '../auth/use-session';
import { IdentitiesCard } from './identities-card';
import { SetPasswordCard } from './set-password-card';
import { TwoStepCard } from './two-step-card';

export function AccountPage() {
  const current = useSession();
  const me = useMeQuery();
  const enrolling = current?.mfaEnrollmentRequired === true;
  const role = me.data?.role ?? current?.user?.role;
  const email = me.data?.email ?? current?.user?.email;
  return (
    <>
      <PageHeader title="Account and security" description={email ? `Signed in as ${email}` : undefined} />
      <Stack gap="lg" maw={860}>
        {enrolling && (
          <Alert color="yellow" variant="light" title="Set up two-step verification to continue" role="alert">
            Your role must use a second factor. Set up an authenticator app or add a passkey below; the rest of the
            console opens once you have.
          </Alert>
        )}
        {!enrolling && role !== undefined && role !== 'admin' && (
          <Alert color="gray" variant="light">
            The rest of this console is for admins; here you manage how you sign in.
          </Alert>
        )}
        <TwoStepCard />
        {!enrolling && <IdentitiesCard />}
        {!enrolling && me.data?.has_password === false && <SetPasswordCard />}
      </Stack>
    </>
  );
}
