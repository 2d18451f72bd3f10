// Admin user management: search by email, create, change role, disable, sign out everywhere,
// set a password or email a reset link, delete (never yourself); a user's email opens how they
// sign in (second factors, providers).
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Menu,
  Pagination,
  Select,
  Switch,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { formatDateTime } from '../../components/format';
import { ConfirmModal } from '../../components/confirm-modal';
import { LoadingBlock } from '../../components/loading-block';
import { paginationControlProps } from '../../components/pagination-labels';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useDeleteUserMutation } from '../../data/users/user-delete-mutation';
import { useForceLogoutMutation } from '../../data/users/user-logout-mutation';
import { useSendPasswordResetMutation } from '../../data/users/user-password-reset-mutation';
import { useUpdateUserMutation } from '../../data/users/user-update-mutation';
import { useUsersQuery } from '../../data/users/users-query';
import { useSession } from '../auth/use-session';
import { CreateUserModal } from './create-user-modal';
import { SetPasswordModal } from './set-password-modal';
import { UserSignInDrawer } from './user-sign-in-drawer';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

const PAGE_SIZE = 25;

export function UsersPage() {
  const [search, setSearch] = useState('');
  const [email] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const users = useUsersQuery({ email: email || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const update = useUpdateUserMutation();
  const logout = useForceLogoutMutation();
  const sendReset = useSendPasswordResetMutation();
  const remove = useDeleteUserMutation();
  const [deleting, setDeleting] = useState<{ id: string; email: string } | null>(null);
  const [settingPassword, setSettingPassword] = useState<{ id: string; email: string } | null>(null);
  const [creating, createModal] = useDisclosure(false);
  const [loggingOut, setLoggingOut] = useState<{ id: string; email: string } | null>(null);
  const [detail, setDetail] = useState<{ id: string; email: string } | null>(null);
  const me = useSession()?.user;
  const total = users.data?.meta.total ?? 0;

  return (
    <>
      <PageHeader
        title="Users"
        description="Accounts that sign in to apps built on this instance, and the admins of this console."
        actions={<Button onClick={createModal.open}>New user</Button>}
      />
      <CreateUserModal opened={creating} onClose={createModal.close} />
      <TextInput
        aria-label="Search users by email"
        placeholder="Search by email"
        type="search"
        mb="sm"
        maw={360}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setPage(1);
        }}
      />
      {users.isPending && <LoadingBlock label="Loading users" />}
      {users.isError && <ProblemAlert error={users.error} />}
      {users.data && users.data.data.length === 0 && (
        <Card withBorder>
          <EmptyState
            title={email ? 'No user matches' : 'No users yet'}
            description={email ? `No email contains “${email}”.` : undefined}
          />
        </Card>
      )}
      {users.data && users.data.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table
            className="data-table"
            highlightOnHover
            aria-label="Users"
            style={{ opacity: users.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Verified</Table.Th>
                <Table.Th>Enabled</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th>Created</Table.Th>
                <HiddenColumnHeader label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.data.map((user) => {
                const self = user.id === me?.id;
                return (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <UnstyledButton
                          fz="sm"
                          c="indigo"
                          onClick={() => setDetail({ id: user.id, email: user.email })}
                        >
                          {user.email}
                        </UnstyledButton>
                        {self && (
                          <Badge size="xs" variant="light">
                            you
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Role of ${user.email}`}
                        size="xs"
                        w={100}
                        allowDeselect={false}
                        disabled={self}
                        data={[
                          { value: 'user', label: 'user' },
                          { value: 'admin', label: 'admin' },
                        ]}
                        value={user.role}
                        onChange={(role) =>
                          role &&
                          role !== user.role &&
                          update.mutate(
                            { id: user.id, changes: { role: role as 'user' | 'admin' } },
                            {
                              onSuccess: () =>
                                notifications.show({ color: 'green', message: `${user.email} is now ${role}` }),
                            },
                          )
                        }
                      />
                    </Table.Td>
                    <Table.Td>{user.verified ? 'yes' : 'no'}</Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`${user.email} enabled`}
                        checked={!user.disabled}
                        disabled={self}
                        onChange={(event) => {
                          const disabled = !event.currentTarget.checked;
                          update.mutate(
                            { id: user.id, changes: { disabled } },
                            {
                              onSuccess: () =>
                                notifications.show({
                                  color: 'green',
                                  message: disabled
                                    ? `${user.email} is disabled and signed out`
                                    : `${user.email} is enabled`,
                                }),
                            },
                          );
                        }}
                      />
                    </Table.Td>
                    <Table.Td>{formatDateTime(user.last_login_at)}</Table.Td>
                    <Table.Td>{formatDateTime(user.created_at)}</Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button size="compact-xs" variant="subtle" aria-label={`Actions for ${user.email}`}>
                            ⋯
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setDetail({ id: user.id, email: user.email })}>
                            Sign-in methods…
                          </Menu.Item>
                          <Menu.Item onClick={() => setLoggingOut({ id: user.id, email: user.email })}>
                            Sign out everywhere…
                          </Menu.Item>
                          <Menu.Item
                            disabled={user.disabled}
                            onClick={() =>
                              sendReset.mutate(user.id, {
                                onSuccess: () =>
                                  notifications.show({
                                    color: 'green',
                                    message: `Password reset email sent to ${user.email}`,
                                  }),
                              })
                            }
                          >
                            Send password reset email
                          </Menu.Item>
                          <Menu.Item
                            disabled={self}
                            onClick={() => setSettingPassword({ id: user.id, email: user.email })}
                          >
                            Set password…
                          </Menu.Item>
                          <Menu.Item
                            onClick={() => update.mutate({ id: user.id, changes: { verified: !user.verified } })}
                          >
                            {user.verified ? 'Mark email unverified' : 'Mark email verified'}
                          </Menu.Item>
                          <Menu.Divider />
                          {/* Admins cannot delete themselves; the server refuses it too. */}
                          <Menu.Item
                            color="red"
                            disabled={self}
                            onClick={() => setDeleting({ id: user.id, email: user.email })}
                          >
                            Delete user…
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.data && total > PAGE_SIZE && (
        <Group justify="flex-end" mt="sm">
          <Pagination
            total={Math.ceil(total / PAGE_SIZE)}
            value={page}
            onChange={setPage}
            size="sm"
            aria-label="Pages"
            getControlProps={paginationControlProps}
          />
        </Group>
      )}
      {users.data && (
        <Text size="sm" c="dimmed" mt="xs" role="status">
          {total} user{total === 1 ? '' : 's'}
        </Text>
      )}
      <UserSignInDrawer user={detail} onClose={() => setDetail(null)} />
      <SetPasswordModal user={settingPassword} onClose={() => setSettingPassword(null)} />
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        title={`Delete ${deleting?.email ?? ''}?`}
        confirmLabel="Delete user"
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `${deleting.email} deleted` });
              setDeleting(null);
            },
          })
        }
      >
        <Text size="sm">
          The account of {deleting?.email} and all its sessions are deleted; this cannot be undone. Records they created
          stay, without a creator.
        </Text>
        <ProblemAlert error={remove.error} />
      </ConfirmModal>
      <ConfirmModal
        opened={loggingOut !== null}
        onClose={() => setLoggingOut(null)}
        title={`Sign ${loggingOut?.email ?? ''} out everywhere?`}
        confirmLabel="Sign out everywhere"
        loading={logout.isPending}
        onConfirm={() =>
          loggingOut &&
          logout.mutate(loggingOut.id, {
            onSuccess: (result) => {
              notifications.show({
                color: 'green',
                message: `${loggingOut.email}: ${result.revoked_sessions} session${result.revoked_sessions === 1 ? '' : 's'} signed out`,
              });
              setLoggingOut(null);
            },
          })
        }
      >
        Every session of this user ends at once; they must sign in again.
      </ConfirmModal>
    </>
  );
}
