// A provider sign-in came back with a one-time code: exchange it (with this tab's PKCE verifier)
// and enter the console, or ask for the second factor first.
import { Button, Center, Loader } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert';
import { useOAuthExchangeMutation } from '../../data/auth/oauth-exchange-mutation';
import { isMfaRequired } from '../../data/auth/sign-in-outcome';
import { MfaStep } from './mfa-step';
import { challengeOf } from './mfa-step-state';
import { takeCodeVerifier } from './pkce';
import { PublicFrame } from './public-frame';

export function OAuthSignInFinish({ code }: { code: string }) {
  const exchange = useOAuthExchangeMutation();
  const navigate = useNavigate();
  // The code works once: React's development double effect must not spend it twice.
  const sent = useRef(false);
  const { mutate } = exchange;
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    mutate(
      { code, codeVerifier: takeCodeVerifier() },
      {
        onSuccess: (outcome) => {
          if (!isMfaRequired(outcome)) void navigate('/', { replace: true });
        },
      },
    );
  }, [code, mutate, navigate]);

  const challenge = useMemo(
    () => (exchange.data && isMfaRequired(exchange.data) ? challengeOf(exchange.data) : null),
    [exchange.data],
  );
  if (challenge) {
    return (
      <MfaStep
        challenge={challenge}
        onCancel={() => void navigate('/', { replace: true })}
        onSignedIn={() => void navigate('/', { replace: true })}
      />
    );
  }
  return (
    <PublicFrame title="Signing you in">
      {exchange.isError ? (
        <>
          <ProblemAlert error={exchange.error} title="The sign-in did not complete" />
          <Button component={Link} to="/" replace variant="default">
            Back to sign-in
          </Button>
        </>
      ) : (
        <Center py="md">
          <Loader aria-label="Signing you in" />
        </Center>
      )}
    </PublicFrame>
  );
}
