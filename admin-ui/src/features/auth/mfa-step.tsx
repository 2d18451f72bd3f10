// The second step of a sign-in, after a right password or provider sign-in on an account with a
// second factor: a code from the authenticator app, a passkey, or a recovery code.
import { Alert, Anchor, Button, Divider, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useMfaVerifyMutation } from '../../data/auth/mfa-verify-mutation';
import {
  initialFactor,
  isExpired,
  offersPasskey,
  otherTypedFactor,
  typedProof,
  type MfaChallenge,
  type TypedFactor,
} from './mfa-step-state';
import { PublicFrame } from './public-frame';

const FACTOR_TEXT: Record<TypedFactor, { label: string; intro: string; switchTo: string }> = {
  totp: {
    label: 'Authentication code',
    intro: 'Open your authenticator app and enter the 6-digit code it shows for this account.',
    switchTo: 'Use your authenticator app instead',
  },
  recovery_code: {
    label: 'Recovery code',
    intro: 'Enter one of the recovery codes you saved when you set up two-step verification. Each works once.',
    switchTo: 'Use a recovery code instead',
  },
};

interface MfaStepProps {
  challenge: MfaChallenge;
  onCancel: () => void;
  /** After the session is stored; the sign-in page needs none (the console replaces it). */
  onSignedIn?: () => void;
}

export function MfaStep({ challenge, onCancel, onSignedIn }: MfaStepProps) {
  const [factor, setFactor] = useState<TypedFactor>(() => initialFactor(challenge.methods));
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const verify = useMfaVerifyMutation();
  const serverErrors = fieldErrors(verify.error);
  const other = otherTypedFactor(factor, challenge.methods);
  const text = FACTOR_TEXT[factor];

  /** A ticket past its time is refused anyway: say so instead of sending it. */
  const stillValid = () => {
    if (isExpired(challenge)) setExpired(true);
    return !isExpired(challenge);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!stillValid()) return;
    const result = typedProof(factor, input);
    if ('error' in result) {
      setInputError(result.error);
      return;
    }
    setInputError(null);
    verify.mutate({ ticket: challenge.ticket, proof: result.proof }, { onSuccess: onSignedIn });
  };
  const switchFactor = (next: TypedFactor) => {
    setFactor(next);
    setInput('');
    setInputError(null);
    verify.reset();
  };

  return (
    <PublicFrame title="Two-step verification" intro={text.intro}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            key={factor}
            label={text.label}
            autoComplete="one-time-code"
            inputMode={factor === 'totp' ? 'numeric' : 'text'}
            required
            data-autofocus
            autoFocus
            value={input}
            onChange={(event) => {
              setInput(event.currentTarget.value);
              setInputError(null);
            }}
            error={inputError ?? serverErrors[factor === 'totp' ? 'totp_code' : 'recovery_code']}
            classNames={factor === 'totp' ? { input: 'mono' } : undefined}
          />
          {expired && (
            <Alert color="yellow" variant="light" role="alert" title="This sign-in has expired">
              Too much time passed since your password or provider sign-in. Go back and sign in again.
            </Alert>
          )}
          <ProblemAlert error={verify.error} claimed={['totp_code', 'recovery_code']} title="That did not verify" />
          <Button type="submit" loading={verify.isPending && verify.variables.proof.method !== 'webauthn'} fullWidth>
            Verify
          </Button>
        </Stack>
      </form>
      {offersPasskey(challenge.methods) && (
        <>
          <Divider label="or" labelPosition="center" />
          <Button
            variant="default"
            fullWidth
            loading={verify.isPending && verify.variables.proof.method === 'webauthn'}
            onClick={() =>
              stillValid() &&
              verify.mutate({ ticket: challenge.ticket, proof: { method: 'webauthn' } }, { onSuccess: onSignedIn })
            }
          >
            Use a passkey
          </Button>
        </>
      )}
      <Group justify="space-between">
        {other ? (
          <Anchor component="button" type="button" size="sm" onClick={() => switchFactor(other)}>
            {FACTOR_TEXT[other].switchTo}
          </Anchor>
        ) : (
          <span />
        )}
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={onCancel}>
          Back to sign-in
        </Anchor>
      </Group>
    </PublicFrame>
  );
}
