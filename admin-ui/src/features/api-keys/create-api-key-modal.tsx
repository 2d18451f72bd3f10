// Creates an API key, then shows it once: it cannot be read again afterwards.
import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api';
import { ProblemAlert } from '../../components/problem-alert';
import { useCreateApiKeyMutation } from '../../data/api-keys/api-key-create-mutation';

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [expires, setExpires] = useState('');
  const create = useCreateApiKeyMutation();
  const errors = fieldErrors(create.error);
  const close = () => {
    setName('');
    setRole('user');
    setExpires('');
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name: name.trim(),
      role,
      ...(expires ? { expires_at: new Date(`${expires}T23:59:59`).toISOString() } : {}),
    });
  };
  const created = create.data;
  return (
    <Modal opened={opened} onClose={close} title={created ? 'API key created' : 'New API key'} centered size="lg">
      {created ? (
        <Stack>
          <Alert color="yellow" variant="light" title="Copy the key now">
            This is the only time the key is shown. Store it in your secret manager; afterwards only its prefix
            identifies it.
          </Alert>
          <Code block aria-label="The new API key" className="sql-block">
            {created.key}
          </Code>
          <Text size="sm" c="dimmed">
            Send it as <Code>Authorization: Bearer &lt;key&gt;</Code> or <Code>X-API-Key: &lt;key&gt;</Code>.
          </Text>
          <Group justify="flex-end">
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label="Name"
              required
              data-autofocus
              placeholder="billing-sync"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors['name']}
            />
            <Select
              label="Role"
              description="Requests made with the key act with this role"
              allowDeselect={false}
              data={[
                { value: 'user', label: 'User' },
                { value: 'admin', label: 'Admin' },
              ]}
              value={role}
              onChange={(value) => setRole(value === 'admin' ? 'admin' : 'user')}
              error={errors['role']}
            />
            <TextInput
              label="Expires on"
              description="Optional; the key stops working at the end of that day"
              type="date"
              value={expires}
              onChange={(event) => setExpires(event.currentTarget.value)}
              error={errors['expires_at']}
            />
            <ProblemAlert error={create.error} claimed={['name', 'role', 'expires_at']} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
