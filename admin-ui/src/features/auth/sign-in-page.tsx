// Sign in with an admin account.
import { Alert } from '@mantine/core';
import { session } from '../../api';
import { useSignInMutation } from '../../data/auth/sign-in-mutation';
import { CredentialsForm } from './credentials-form';

export function SignInPage() {
  const signIn = useSignInMutation();
  const expired = session.lastSignOut === 'expired';
  return (
    <CredentialsForm
      title="Sign in"
      intro="Sign in to the Stagecraft console with an admin account."
      submitLabel="Sign in"
      pending={signIn.isPending}
      error={signIn.error}
      notice={
        expired && !signIn.error ? (
          <Alert color="yellow" variant="light">
            Your session ended. Sign in again to continue.
          </Alert>
        ) : undefined
      }
      onSubmit={(credentials) => signIn.mutate(credentials)}
    />
  );
}
