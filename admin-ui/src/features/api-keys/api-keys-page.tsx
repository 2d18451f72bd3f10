// API keys for server-side clients: create (shown once), see their use, revoke.
import { Badge, Button, Card, Code, EmptyState, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useRevokeApiKeyMutation } from '../../data/api-keys/api-key-revoke-mutation';
import { useApiKeysQuery } from '../../data/api-keys/api-keys-query';
import { CreateApiKeyModal } from './create-api-key-modal';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

function status(key: { revoked_at: string | null; expires_at: string | null }): { label: string; color: string } {
  if (key.revoked_at) return { label: 'revoked', color: 'red' };
  if (key.expires_at && new Date(key.expires_at) < new Date()) return { label: 'expired', color: 'gray' };
  return { label: 'active', color: 'green' };
}

export function ApiKeysPage() {
  const keys = useApiKeysQuery();
  const revoke = useRevokeApiKeyMutation();
  const [creating, createModal] = useDisclosure(false);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys for servers and scripts. Send one as a bearer token or in X-API-Key."
        actions={<Button onClick={createModal.open}>New API key</Button>}
      />
      <CreateApiKeyModal opened={creating} onClose={createModal.close} />
      {keys.isPending && <LoadingBlock label="Loading API keys" />}
      {keys.isError && <ProblemAlert error={keys.error} />}
      {keys.data && keys.data.length === 0 && (
        <Card withBorder>
          <EmptyState
            title="No API keys yet"
            description="Create one for a server-side client; it is shown only once."
          />
        </Card>
      )}
      {keys.data && keys.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table className="data-table" highlightOnHover aria-label="API keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <HiddenColumnHeader label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => {
                const state = status(key);
                return (
                  <Table.Tr key={key.id}>
                    <Table.Td>{key.name}</Table.Td>
                    <Table.Td>
                      <Code>sc_{key.prefix}_…</Code>
                    </Table.Td>
                    <Table.Td>{key.role}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={state.color}>
                        {state.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(key.created_at)}</Table.Td>
                    <Table.Td>
                      {key.expires_at ? (
                        formatDateTime(key.expires_at)
                      ) : (
                        <Text span c="dimmed" size="sm">
                          never
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(key.last_used_at)}</Table.Td>
                    <Table.Td>
                      {!key.revoked_at && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setRevoking({ id: key.id, name: key.name })}
                          aria-label={`Revoke ${key.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        loading={revoke.isPending}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `API key “${revoking.name}” revoked` });
              setRevoking(null);
            },
          })
        }
      >
        Requests with this key are refused from now on. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
