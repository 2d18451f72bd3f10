// Passkeys: a second factor that also signs in without a password. Listed with when they were
// added and last used; added through the browser; removed with a fresh code.
import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useState } from 'react';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import type { MfaStatus, Passkey } from '../../data/mfa/mfa-status-query';
import { useAddPasskeyMutation } from '../../data/mfa/passkey-add-mutation';
import { useRemovePasskeyMutation } from '../../data/mfa/passkey-remove-mutation';
import { ProofModal } from './proof-modal';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

function AddPasskey({ onRecoveryCodes }: { onRecoveryCodes: (codes: string[]) => void }) {
  const [name, setName] = useState('');
  const add = useAddPasskeyMutation();
  const supported = browserSupportsWebAuthn();
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Passkey name"
          placeholder="Work laptop"
          description="Optional; tells your passkeys apart"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maw={260}
        />
        <Button
          variant="light"
          disabled={!supported}
          loading={add.isPending}
          onClick={() =>
            add.mutate(name.trim(), {
              onSuccess: (answer) => {
                setName('');
                notifications.show({ color: 'green', message: `Passkey “${answer.passkey.name}” added` });
                if (answer.recovery_codes) onRecoveryCodes(answer.recovery_codes);
              },
            })
          }
        >
          Add a passkey
        </Button>
      </Group>
      {!supported && (
        <Text size="sm" c="dimmed">
          This browser cannot use passkeys.
        </Text>
      )}
      <ProblemAlert error={add.error} title="The passkey was not added" />
    </Stack>
  );
}

interface PasskeysSectionProps {
  status: MfaStatus;
  onRecoveryCodes: (codes: string[]) => void;
}

export function PasskeysSection({ status, onRecoveryCodes }: PasskeysSectionProps) {
  const remove = useRemovePasskeyMutation();
  const [removing, setRemoving] = useState<Passkey | null>(null);
  return (
    <Stack gap="xs">
      <Text fw={600}>Passkeys</Text>
      {status.passkeys.length === 0 ? (
        <Text size="sm" c="dimmed">
          No passkeys yet. A passkey (your device’s fingerprint, face or PIN, or a security key) also signs you in
          without a password.
        </Text>
      ) : (
        <Table className="data-table" aria-label="Passkeys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th>Last used</Table.Th>
              <HiddenColumnHeader label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.passkeys.map((passkey) => (
              <Table.Tr key={passkey.id}>
                <Table.Td>{passkey.name}</Table.Td>
                <Table.Td>{formatDateTime(passkey.created_at)}</Table.Td>
                <Table.Td>{formatDateTime(passkey.last_used_at)}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove passkey ${passkey.name}`}
                    onClick={() => setRemoving(passkey)}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddPasskey onRecoveryCodes={onRecoveryCodes} />
      {removing && (
        <ProofModal
          title={`Remove the passkey “${removing.name}”?`}
          description="It will no longer sign you in. Every other session of yours is signed out."
          confirmLabel="Remove passkey"
          hasTotp={status.totp}
          pending={remove.isPending}
          error={remove.error}
          onClose={() => {
            setRemoving(null);
            remove.reset();
          }}
          onSubmit={(proof) =>
            remove.mutate(
              { id: removing.id, proof },
              {
                onSuccess: () => {
                  notifications.show({ color: 'green', message: `Passkey “${removing.name}” removed` });
                  setRemoving(null);
                },
              },
            )
          }
        />
      )}
    </Stack>
  );
}
