// Sign in: email and password, a provider or a passkey; then, for an account with a second
// factor, the second step.
import { Alert } from '@mantine/core';
import { useState } from 'react';
import { session } from '../../api';
import { useSignInMutation } from '../../data/auth/sign-in-mutation';
import { isMfaRequired } from '../../data/auth/sign-in-outcome';
import { CredentialsForm } from './credentials-form';
import { MfaStep } from './mfa-step';
import { challengeOf, type MfaChallenge } from './mfa-step-state';
import { OtherSignInMethods } from './other-sign-in-methods';

export function SignInPage() {
  const signIn = useSignInMutation();
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const expired = session.lastSignOut === 'expired';
  if (challenge) {
    return (
      <MfaStep
        challenge={challenge}
        onCancel={() => {
          setChallenge(null);
          signIn.reset();
        }}
      />
    );
  }
  return (
    <CredentialsForm
      title="Sign in"
      intro="Sign in to the Stagecraft console."
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
      footer={<OtherSignInMethods />}
      onSubmit={(credentials) =>
        signIn.mutate(credentials, {
          onSuccess: (outcome) => {
            if (isMfaRequired(outcome)) setChallenge(challengeOf(outcome));
          },
        })
      }
    />
  );
}
