// The authenticator app: set it up (QR code, then a code), or turn it off with a fresh code.
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import type { MfaStatus } from '../../data/mfa/mfa-status-query';
import { useDisableTotpMutation } from '../../data/mfa/totp-disable-mutation';
import { useStartTotpMutation } from '../../data/mfa/totp-start-mutation';
import { ProofModal } from './proof-modal';
import { TotpSetup } from './totp-setup';

interface TotpSectionProps {
  status: MfaStatus;
  onRecoveryCodes: (codes: string[]) => void;
}

export function TotpSection({ status, onRecoveryCodes }: TotpSectionProps) {
  const start = useStartTotpMutation();
  const disable = useDisableTotpMutation();
  const [disabling, setDisabling] = useState(false);

  const heading = (
    <Group gap="xs">
      <Text fw={600}>Authenticator app</Text>
      <Badge variant="light" color={status.totp ? 'green' : 'gray'}>
        {status.totp ? 'On' : 'Off'}
      </Badge>
    </Group>
  );

  if (start.data && !status.totp) {
    return (
      <Stack>
        {heading}
        <TotpSetup
          enrolment={start.data}
          onCancel={() => start.reset()}
          onEnabled={(codes) => {
            start.reset();
            notifications.show({ color: 'green', message: 'The authenticator app is on' });
            if (codes) onRecoveryCodes(codes);
          }}
        />
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        {heading}
        {status.totp ? (
          <Button variant="light" color="red" onClick={() => setDisabling(true)}>
            Turn off authenticator app…
          </Button>
        ) : (
          <Button loading={start.isPending} onClick={() => start.mutate()}>
            Set up authenticator app
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {status.totp
          ? 'Signing in asks for the 6-digit code the app shows.'
          : 'An app on your phone shows a new 6-digit code every 30 seconds; signing in asks for it.'}
      </Text>
      <ProblemAlert error={start.error} title="The app cannot be set up" />
      {disabling && (
        <ProofModal
          title="Turn off the authenticator app?"
          description="Signing in will no longer ask for its codes. Every other session of yours is signed out."
          confirmLabel="Turn off"
          hasTotp
          pending={disable.isPending}
          error={disable.error}
          onClose={() => {
            setDisabling(false);
            disable.reset();
          }}
          onSubmit={(proof) =>
            disable.mutate(proof, {
              onSuccess: () => {
                setDisabling(false);
                notifications.show({ color: 'green', message: 'The authenticator app is off' });
              },
            })
          }
        />
      )}
    </Stack>
  );
}
