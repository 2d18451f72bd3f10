// Opened from a password reset email: a new password for the account the token belongs to.
// Works signed out; the account may belong to any app user, not only an admin.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fieldErrors } from '../../api';
import { NewPasswordFields } from '../../components/new-password-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { usePasswordResetMutation } from '../../data/auth/password-reset-mutation';
import { PublicFrame } from './public-frame';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const reset = usePasswordResetMutation();
  const errors = fieldErrors(reset.error);

  if (!token) {
    return (
      <PublicFrame title="Reset your password">
        <Alert color="red" variant="light" role="alert" title="This link is incomplete">
          The address has no reset token. Open the link from the email again, or ask for a new one.
        </Alert>
      </PublicFrame>
    );
  }
  if (reset.isSuccess) {
    return (
      <PublicFrame title="Password changed">
        <Alert color="green" variant="light" role="status" title="Your password is changed">
          You were signed out everywhere. Sign in again with the new password.
        </Alert>
        <Button component={Link} to="/" variant="default">
          Go to sign-in
        </Button>
      </PublicFrame>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeated) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    reset.mutate({ token, password });
  };
  return (
    <PublicFrame title="Reset your password" intro="Choose a new password for your account.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <NewPasswordFields
            password={password}
            repeated={repeated}
            onPasswordChange={(value) => {
              setPassword(value);
              setMismatch(false);
            }}
            onRepeatedChange={(value) => {
              setRepeated(value);
              setMismatch(false);
            }}
            mismatch={mismatch}
            error={errors['password']}
            autoFocus
          />
          <ProblemAlert error={reset.error} claimed={['password']} title="The password was not changed" />
          <Button type="submit" loading={reset.isPending} fullWidth>
            Set new password
          </Button>
          <Text size="xs" c="dimmed">
            The link works once and expires; if it no longer works, ask for a new one.
          </Text>
        </Stack>
      </form>
    </PublicFrame>
  );
}
