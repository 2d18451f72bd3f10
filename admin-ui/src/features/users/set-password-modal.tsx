// Sets another user's password: the server's policy messages show under the input as they come,
// and the user is signed out everywhere once it is set.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useSetUserPasswordMutation } from '../../data/users/user-set-password-mutation';

export function SetPasswordModal({
  user,
  onClose,
}: {
  user: { id: string; email: string } | null;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const setUserPassword = useSetUserPasswordMutation();
  const errors = fieldErrors(setUserPassword.error);
  const close = () => {
    setPassword('');
    setUserPassword.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    setUserPassword.mutate(
      { id: user.id, password },
      {
        onSuccess: (result) => {
          const sessions = result.revoked_sessions;
          notifications.show({
            color: 'green',
            message: `Password of ${user.email} set; ${sessions} session${sessions === 1 ? '' : 's'} signed out`,
          });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={user !== null} onClose={close} title={`Set the password of ${user?.email ?? ''}`} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">They are signed out everywhere and sign in again with the new password.</Text>
          <PasswordInput
            label="New password"
            required
            data-autofocus
            autoComplete="new-password"
            description="Not a common password, and not their email."
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors['password']}
          />
          <ProblemAlert error={setUserPassword.error} claimed={['password']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={setUserPassword.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
