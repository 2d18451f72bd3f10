// How a user signs in, for an admin: their second factors (badges, passkeys by name) and the
// provider accounts linked to them. Nothing secret is shown or changeable here.
import { Drawer, List, Loader, Stack, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import { useUserIdentitiesQuery } from '../../data/users/user-identities-query';
import { useUserMfaQuery } from '../../data/users/user-mfa-query';
import { IdentitiesTable } from '../account/identities-card';
import { MfaBadges } from '../account/mfa-badges';

function UserMfa({ id }: { id: string }) {
  const mfa = useUserMfaQuery(id);
  if (mfa.isPending) return <Loader size="sm" aria-label="Loading second factors" />;
  if (mfa.isError) return <ProblemAlert error={mfa.error} />;
  return (
    <Stack gap="xs">
      <MfaBadges status={mfa.data} />
      {mfa.data.passkeys.length > 0 && (
        <List size="sm" aria-label="Passkeys">
          {mfa.data.passkeys.map((passkey) => (
            <List.Item key={passkey.id}>
              {passkey.name} — added {formatDateTime(passkey.created_at)}, last used{' '}
              {formatDateTime(passkey.last_used_at)}
            </List.Item>
          ))}
        </List>
      )}
      {mfa.data.enabled && (
        <Text size="sm" c="dimmed">
          {mfa.data.recovery_codes_left} unused recovery codes
        </Text>
      )}
    </Stack>
  );
}

function UserIdentities({ id }: { id: string }) {
  const identities = useUserIdentitiesQuery(id);
  if (identities.isPending) return <Loader size="sm" aria-label="Loading linked accounts" />;
  if (identities.isError) return <ProblemAlert error={identities.error} />;
  if (identities.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No provider accounts linked.
      </Text>
    );
  }
  return <IdentitiesTable identities={identities.data} />;
}

export function UserSignInDrawer({
  user,
  onClose,
}: {
  user: { id: string; email: string } | null;
  onClose: () => void;
}) {
  return (
    <Drawer opened={user !== null} onClose={onClose} position="right" size="lg" title={user?.email}>
      {user && (
        <Stack gap="lg">
          <Stack gap="xs">
            <Title order={3} fz="sm">
              Two-step verification
            </Title>
            <UserMfa id={user.id} />
          </Stack>
          <Stack gap="xs">
            <Title order={3} fz="sm">
              Linked accounts
            </Title>
            <UserIdentities id={user.id} />
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}
