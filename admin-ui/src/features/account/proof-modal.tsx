// Asks for a fresh second factor before a change that weakens MFA: a code from the app, or a
// recovery code (for someone who lost the app, or has only passkeys).
import { Anchor, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import type { SecondFactorProof } from '../../data/mfa/mfa-status-query';
import type { TypedFactor } from '../auth/mfa-step-state';
import { changeProof, PROOF_FIELD } from './change-proof';

interface ProofModalProps {
  title: string;
  description: string;
  confirmLabel: string;
  /** Accounts without an authenticator app can only give a recovery code. */
  hasTotp: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (proof: SecondFactorProof) => void;
  onClose: () => void;
}

/** Mount it when it opens, so each opening starts empty. */
export function ProofModal(props: ProofModalProps) {
  const [factor, setFactor] = useState<TypedFactor>(props.hasTotp ? 'totp' : 'recovery_code');
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const serverErrors = fieldErrors(props.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = changeProof(factor, input);
    if ('error' in result) {
      setInputError(result.error);
      return;
    }
    setInputError(null);
    props.onSubmit(result.proof);
  };
  return (
    <Modal opened onClose={props.onClose} title={props.title} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{props.description}</Text>
          <TextInput
            key={factor}
            label={factor === 'totp' ? 'Authentication code' : 'Recovery code'}
            autoComplete="one-time-code"
            inputMode={factor === 'totp' ? 'numeric' : 'text'}
            required
            data-autofocus
            value={input}
            onChange={(event) => {
              setInput(event.currentTarget.value);
              setInputError(null);
            }}
            error={inputError ?? serverErrors[PROOF_FIELD[factor]]}
          />
          {props.hasTotp && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              ta="left"
              onClick={() => {
                setFactor(factor === 'totp' ? 'recovery_code' : 'totp');
                setInput('');
                setInputError(null);
              }}
            >
              {factor === 'totp' ? 'Use a recovery code instead' : 'Use your authenticator app instead'}
            </Anchor>
          )}
          <ProblemAlert error={props.error} claimed={['code', 'recovery_code']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={props.pending}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
