// Opened from a verification email: confirms the address as soon as the page loads. Works
// signed out; the account may belong to any app user, not only an admin.
import { Alert, Button, Center, Loader } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert';
import { useVerifyEmailMutation } from '../../data/auth/verify-email-mutation';
import { PublicFrame } from './public-frame';

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmailMutation();
  // Tokens work once: React's development double effect must not spend it twice.
  const sent = useRef(false);
  const { mutate } = verify;
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, mutate]);

  return (
    <PublicFrame title="Verify your email">
      {!token && (
        <Alert color="red" variant="light" role="alert" title="This link is incomplete">
          The address has no verification token. Open the link from the email again.
        </Alert>
      )}
      {token && (verify.isIdle || verify.isPending) && (
        <Center py="md">
          <Loader aria-label="Verifying your email" />
        </Center>
      )}
      {verify.isSuccess && (
        <Alert color="green" variant="light" role="status" title="Your email address is verified">
          Thank you. You can close this page.
        </Alert>
      )}
      {verify.isError && <ProblemAlert error={verify.error} title="The address was not verified" />}
      {(verify.isSuccess || verify.isError) && (
        <Button component={Link} to="/" variant="default">
          Go to sign-in
        </Button>
      )}
    </PublicFrame>
  );
}
