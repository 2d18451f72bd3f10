// /admin/oauth-callback: where the console's provider flows come back. It finishes a sign-in
// (exchanging the one-time code, then the second step if the account has one), shows an admin's
// test sign-in result, confirms a linked account, or explains why the flow failed.
import { Alert, Button, Code, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { oauthErrorTitle, parseOAuthCallback } from './oauth-callback-params';
import { OAuthSignInFinish } from './oauth-sign-in-finish';
import { ProviderTestResult } from './provider-test-result';
import { PublicFrame } from './public-frame';
import { useSession } from './use-session';

function BackLink() {
  const signedIn = useSession() !== null;
  return (
    <Button component={Link} to={signedIn ? '/account' : '/'} variant="default">
      {signedIn ? 'Back to your account' : 'Back to sign-in'}
    </Button>
  );
}

export function OAuthCallbackPage() {
  const [params] = useSearchParams();
  const callback = useMemo(() => parseOAuthCallback(params), [params]);
  switch (callback.kind) {
    case 'error':
      return (
        <PublicFrame title="Sign-in failed">
          <Alert color="red" variant="light" role="alert" title={oauthErrorTitle(callback.error)}>
            {callback.description && <Text size="sm">{callback.description}</Text>}
            <Text size="xs" c="dimmed" mt="xs">
              Error code <Code>{callback.error}</Code>
            </Text>
          </Alert>
          <BackLink />
        </PublicFrame>
      );
    case 'linked':
      return (
        <PublicFrame title="Account linked">
          <Alert color="green" variant="light" role="status" title={`${callback.provider} is linked`}>
            You can now sign in with {callback.provider} as well.
          </Alert>
          <Button component={Link} to="/account">
            Go to your account
          </Button>
        </PublicFrame>
      );
    case 'test':
      return <ProviderTestResult provider={callback.provider} code={callback.code} />;
    case 'sign-in':
      return <OAuthSignInFinish code={callback.code} />;
    case 'incomplete':
      return (
        <PublicFrame title="Sign-in failed">
          <Alert color="red" variant="light" role="alert" title="This address is incomplete">
            It has neither a sign-in code nor an error. Start the sign-in again.
          </Alert>
          <BackLink />
        </PublicFrame>
      );
  }
}
