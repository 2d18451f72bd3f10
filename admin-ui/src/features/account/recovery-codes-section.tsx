// How many recovery codes are left, and a new set (the old ones stop working).
import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { MfaStatus } from '../../data/mfa/mfa-status-query';
import { useRenewRecoveryCodesMutation } from '../../data/mfa/recovery-codes-mutation';
import { ProofModal } from './proof-modal';

interface RecoveryCodesSectionProps {
  status: MfaStatus;
  onRecoveryCodes: (codes: string[]) => void;
}

export function RecoveryCodesSection({ status, onRecoveryCodes }: RecoveryCodesSectionProps) {
  const renew = useRenewRecoveryCodesMutation();
  const [asking, setAsking] = useState(false);
  const left = status.recovery_codes_left;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>Recovery codes</Text>
        <Button variant="light" onClick={() => setAsking(true)}>
          Create new recovery codes…
        </Button>
      </Group>
      <Text size="sm" c={left <= 2 ? 'red' : 'dimmed'} role="status">
        {left} unused recovery code{left === 1 ? '' : 's'} left. Each signs you in once without your app or passkey.
      </Text>
      {asking && (
        <ProofModal
          title="Create new recovery codes?"
          description="Ten new codes replace the old ones, which stop working at once."
          confirmLabel="Create new codes"
          hasTotp={status.totp}
          pending={renew.isPending}
          error={renew.error}
          onClose={() => {
            setAsking(false);
            renew.reset();
          }}
          onSubmit={(proof) =>
            renew.mutate(proof, {
              onSuccess: ({ recovery_codes }) => {
                setAsking(false);
                onRecoveryCodes(recovery_codes);
              },
            })
          }
        />
      )}
    </Stack>
  );
}
