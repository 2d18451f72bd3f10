// Sets another user's password: the server's policy messages show under the input as they come,
// and the user is signed out everywhere once it is set. A typed password is not dropped unasked.
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useGuardedModal } from '../../components/unsaved-changes-guard';
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
  const reset = () => {
    setPassword('');
    setUserPassword.reset();
    onClose();
  };
  const guard = useGuardedModal(`the password of ${user?.email ?? 'this user'}`, reset);
  const dirty = password !== '';
  useEffect(() => guard.setDirty(dirty), [dirty, guard.setDirty]);
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
          guard.close();
        },
      },
    );
  };
  return (
    <Modal
      opened={user !== null}
      onClose={guard.requestClose}
      title={`Set the password of ${user?.email ?? ''}`}
      centered
    >
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
            <Button variant="default" onClick={guard.requestClose}>
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
