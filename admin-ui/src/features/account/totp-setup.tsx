// Setting up an authenticator app: scan the QR code (or type the secret), then prove it with a
// current code. The app is on once the code is accepted.
import { Button, Code, CopyButton, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useConfirmTotpMutation } from '../../data/mfa/totp-confirm-mutation';
import type { TotpEnrolment } from '../../data/mfa/totp-start-mutation';
import { TOTP_HINT, totpCodeOf } from '../auth/mfa-step-state';

interface TotpSetupProps {
  enrolment: TotpEnrolment;
  /** The recovery codes come with the first factor only. */
  onEnabled: (recoveryCodes: string[] | undefined) => void;
  onCancel: () => void;
}

export function TotpSetup({ enrolment, onEnabled, onCancel }: TotpSetupProps) {
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const confirm = useConfirmTotpMutation();
  const errors = fieldErrors(confirm.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = totpCodeOf(input);
    setInputError(code === null ? TOTP_HINT : null);
    if (code !== null) confirm.mutate(code, { onSuccess: (answer) => onEnabled(answer.recovery_codes) });
  };
  return (
    <Stack>
      <Text size="sm">1. Scan this QR code with your authenticator app (1Password, Google Authenticator, Authy…).</Text>
      <Image src={enrolment.qr_code} alt="QR code" w={180} h={180} fit="contain" />
      <Stack gap={4}>
        <Text size="sm">Or type this key into the app:</Text>
        <Group gap="xs" wrap="nowrap">
          <Code aria-label="Secret key" className="mono" style={{ wordBreak: 'break-all' }}>
            {enrolment.secret}
          </Code>
          <CopyButton value={enrolment.secret}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? 'Copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Authentication code"
            description="2. Enter the 6-digit code the app now shows"
            autoComplete="one-time-code"
            inputMode="numeric"
            required
            maw={240}
            value={input}
            onChange={(event) => {
              setInput(event.currentTarget.value);
              setInputError(null);
            }}
            error={inputError ?? errors['code']}
          />
          <ProblemAlert error={confirm.error} claimed={['code']} title="The app was not turned on" />
          <Group>
            <Button type="submit" loading={confirm.isPending}>
              Turn on
            </Button>
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
