// The provider accounts one can sign in with: listed, linked, unlinked (refused when it is the
// last way to sign in; the dialog says so).
import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { ProblemAlert } from '../../components/problem-alert';
import { useIdentitiesQuery, type Identity } from '../../data/identities/identities-query';
import { useUnlinkIdentityMutation } from '../../data/identities/identity-unlink-mutation';
import { LinkIdentity } from './link-identity';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

export function IdentitiesTable({
  identities,
  onUnlink,
}: {
  identities: Identity[];
  onUnlink?: (identity: Identity) => void;
}) {
  return (
    <Table className="data-table" aria-label="Linked accounts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Provider</Table.Th>
          <Table.Th>Email</Table.Th>
          <Table.Th>Linked</Table.Th>
          <Table.Th>Last sign-in</Table.Th>
          {onUnlink && <HiddenColumnHeader label="Actions" />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {identities.map((identity) => (
          <Table.Tr key={identity.id}>
            <Table.Td>{identity.provider_display_name}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Text size="sm" truncate>
                  {identity.email ?? '—'}
                </Text>
                {identity.email && !identity.email_verified && (
                  <Badge size="xs" variant="light" color="yellow">
                    unverified
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>{formatDateTime(identity.created_at)}</Table.Td>
            <Table.Td>{formatDateTime(identity.last_login_at)}</Table.Td>
            {onUnlink && (
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  aria-label={`Unlink ${identity.provider_display_name}`}
                  onClick={() => onUnlink(identity)}
                >
                  Unlink
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function IdentitiesCard() {
  const identities = useIdentitiesQuery();
  const unlink = useUnlinkIdentityMutation();
  const [unlinking, setUnlinking] = useState<Identity | null>(null);
  const close = () => {
    setUnlinking(null);
    unlink.reset();
  };
  return (
    <Card withBorder component="section" aria-labelledby="identities-title">
      <Title order={2} fz="h4" mb="sm" id="identities-title">
        Linked accounts
      </Title>
      {identities.isPending && <LoadingBlock rows={2} label="Loading linked accounts" />}
      {identities.isError && <ProblemAlert error={identities.error} />}
      {identities.data && (
        <Stack>
          {identities.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              No provider accounts are linked. Link one to sign in with it.
            </Text>
          ) : (
            <IdentitiesTable identities={identities.data} onUnlink={setUnlinking} />
          )}
          <LinkIdentity linked={identities.data.map((identity) => identity.provider)} />
        </Stack>
      )}
      <ConfirmModal
        opened={unlinking !== null}
        onClose={close}
        title={`Unlink ${unlinking?.provider_display_name ?? ''}?`}
        confirmLabel="Unlink"
        loading={unlink.isPending}
        onConfirm={() =>
          unlinking &&
          unlink.mutate(unlinking.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `${unlinking.provider_display_name} unlinked` });
              close();
            },
          })
        }
      >
        <Text size="sm">
          You will no longer be able to sign in with this {unlinking?.provider_display_name} account.
        </Text>
        <ProblemAlert error={unlink.error} title="It was not unlinked" />
      </ConfirmModal>
    </Card>
  );
}
