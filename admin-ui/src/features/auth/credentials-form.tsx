// The email and password form shared by sign-in and first-admin setup; sign-in adds the other
// ways to sign in below it.
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import type { Credentials } from '../../data/auth/setup-mutation';
import { PublicFrame } from './public-frame';

interface CredentialsFormProps {
  title: string;
  intro: ReactNode;
  submitLabel: string;
  passwordHint?: string;
  newPassword?: boolean;
  pending: boolean;
  error: unknown;
  notice?: ReactNode;
  /** Below the form, in the same card: other ways to sign in. */
  footer?: ReactNode;
  onSubmit: (credentials: Credentials) => void;
}

export function CredentialsForm(props: CredentialsFormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = fieldErrors(props.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit({ email: email.trim(), password });
  };
  return (
    <PublicFrame title={props.title} intro={props.intro}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {props.notice}
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={errors['email']}
            data-autofocus
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete={props.newPassword ? 'new-password' : 'current-password'}
            required
            description={props.passwordHint}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors['password']}
          />
          <ProblemAlert error={props.error} claimed={['email', 'password']} />
          <Button type="submit" loading={props.pending} fullWidth>
            {props.submitLabel}
          </Button>
        </Stack>
      </form>
      {props.footer}
    </PublicFrame>
  );
}
