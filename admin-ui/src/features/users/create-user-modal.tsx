// Creates a user with a role; the server's password policy errors show under the password.
import { Button, Checkbox, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useGuardedModal } from '../../components/unsaved-changes-guard';
import { useCreateUserMutation } from '../../data/users/user-create-mutation';

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [verified, setVerified] = useState(false);
  const create = useCreateUserMutation();
  const errors = fieldErrors(create.error);
  const reset = () => {
    setEmail('');
    setPassword('');
    setRole('user');
    setVerified(false);
    create.reset();
    onClose();
  };
  const guard = useGuardedModal('the new user', reset);
  const dirty = email !== '' || password !== '' || role !== 'user' || verified;
  useEffect(() => guard.setDirty(dirty), [dirty, guard.setDirty]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), password, role, verified },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'green', message: `User ${user.email} created` });
          guard.close();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={guard.requestClose} title="New user" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Email"
            type="email"
            required
            data-autofocus
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={errors['email']}
          />
          <PasswordInput
            label="Password"
            required
            autoComplete="new-password"
            description="Not a common password, and not the email."
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors['password']}
          />
          <Select
            label="Role"
            allowDeselect={false}
            data={[
              { value: 'user', label: 'User' },
              { value: 'admin', label: 'Admin' },
            ]}
            value={role}
            onChange={(value) => setRole(value === 'admin' ? 'admin' : 'user')}
            error={errors['role']}
          />
          <Checkbox
            label="Email counts as verified"
            checked={verified}
            onChange={(event) => setVerified(event.currentTarget.checked)}
          />
          <ProblemAlert error={create.error} claimed={['email', 'password', 'role']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={guard.requestClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
