// The ways to sign in besides a password: a button per enabled provider, and a passkey.
import { Button, Divider, Stack } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { usePasskeySignInMutation } from '../../data/auth/passkey-sign-in-mutation';
import { useSignInMethodsQuery, type PublicProvider } from '../../data/auth/sign-in-methods-query';
import { startProviderSignIn } from './start-provider-sign-in';

function ProviderButton({ provider }: { provider: PublicProvider }) {
  const [leaving, setLeaving] = useState(false);
  return (
    <Button
      variant="default"
      fullWidth
      loading={leaving}
      onClick={() => {
        setLeaving(true);
        // The page is left for the provider; only a failure to compute the challenge comes back.
        startProviderSignIn(provider.name).catch(() => setLeaving(false));
      }}
    >
      Continue with {provider.display_name}
    </Button>
  );
}

function PasskeyButton() {
  const signIn = usePasskeySignInMutation();
  return (
    <>
      <Button variant="default" fullWidth loading={signIn.isPending} onClick={() => signIn.mutate()}>
        Sign in with a passkey
      </Button>
      <ProblemAlert error={signIn.error} title="The passkey did not sign you in" />
    </>
  );
}

export function OtherSignInMethods() {
  const methods = useSignInMethodsQuery();
  // Without the list (older server, offline) the password form alone still works.
  if (!methods.data) return null;
  const { providers, passkeys } = methods.data;
  if (providers.length === 0 && !passkeys) return null;
  return (
    <Stack gap="sm" aria-label="Other ways to sign in" role="group">
      <Divider label="or" labelPosition="center" />
      {providers.map((provider) => (
        <ProviderButton key={provider.name} provider={provider} />
      ))}
      {passkeys && <PasskeyButton />}
    </Stack>
  );
}
