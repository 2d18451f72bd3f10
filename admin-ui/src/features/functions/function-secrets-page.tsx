// Function secrets: named values (API tokens) a function reads with ctx.secrets.get when its
// settings list the name. Set or replace a value in a dialog; values are never shown again.
import {
  Anchor,
  Button,
  Card,
  EmptyState,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { fieldErrors } from '../../api';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useDeleteFunctionSecretMutation } from '../../data/function-secrets/function-secret-delete-mutation';
import { useSetFunctionSecretMutation } from '../../data/function-secrets/function-secret-set-mutation';
import { useFunctionSecretsQuery } from '../../data/function-secrets/function-secrets-query';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Set a secret: a new one (name and value) or a new value for `name`. */
function SecretModal({ name, opened, onClose }: { name: string | null; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={name ? `Replace the value of ${name}` : 'New secret'} centered>
      {opened && <SecretForm name={name} onClose={onClose} />}
    </Modal>
  );
}

function SecretForm({ name, onClose }: { name: string | null; onClose: () => void }) {
  const [newName, setNewName] = useState('');
  const [value, setValue] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const save = useSetFunctionSecretMutation();
  const errors = fieldErrors(save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = name ?? newName.trim();
    if (!SECRET_NAME.test(target)) {
      setNameError('Upper-case letters, digits and _, starting with a letter (at most 64)');
      return;
    }
    setNameError(undefined);
    save.mutate(
      { name: target, value },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `Secret ${target} ${name ? 'replaced' : 'saved'}` });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        {!name && (
          <TextInput
            label="Name"
            description="What functions ask for: ctx.secrets.get('SLACK_TOKEN')"
            placeholder="SLACK_TOKEN"
            classNames={{ input: 'mono' }}
            value={newName}
            onChange={(event) => setNewName(event.currentTarget.value.toUpperCase())}
            error={nameError ?? errors['name']}
            data-autofocus
            required
          />
        )}
        <PasswordInput
          label="Value"
          description="Stored encrypted; never shown again"
          autoComplete="off"
          classNames={{ input: 'mono' }}
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
          error={errors['value']}
          data-autofocus={name ? true : undefined}
          required
        />
        <ProblemAlert error={save.error} claimed={['name', 'value']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {name ? 'Replace value' : 'Save secret'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function FunctionSecretsPage() {
  const secrets = useFunctionSecretsQuery();
  const remove = useDeleteFunctionSecretMutation();
  // The dialogs keep their secret while they close, so their titles do not change as they fade.
  const [editing, setEditing] = useState<{ opened: boolean; name: string | null }>({ opened: false, name: null });
  const [deleting, setDeleting] = useState<{ opened: boolean; name: string }>({ opened: false, name: '' });
  const closeEditor = () => setEditing((current) => ({ ...current, opened: false }));
  const closeDelete = () => setDeleting((current) => ({ ...current, opened: false }));

  return (
    <>
      <PageHeader
        title="Function secrets"
        description={
          <>
            Values functions read with <code>ctx.secrets.get(name)</code> when their settings list the name. Values go
            in, never out.{' '}
            <Anchor component={Link} to="/functions" size="sm">
              All functions
            </Anchor>
          </>
        }
        actions={<Button onClick={() => setEditing({ opened: true, name: null })}>New secret</Button>}
      />
      <SecretModal name={editing.name} opened={editing.opened} onClose={closeEditor} />
      {secrets.isPending && <LoadingBlock label="Loading secrets" />}
      {secrets.isError && <ProblemAlert error={secrets.error} />}
      {secrets.data && secrets.data.length === 0 && (
        <Card withBorder>
          <EmptyState title="No secrets yet" description="Keep API tokens here instead of in a function’s source.">
            <EmptyState.Actions>
              <Button onClick={() => setEditing({ opened: true, name: null })}>Add a secret</Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      )}
      {secrets.data && secrets.data.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table className="data-table" aria-label="Secrets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Updated</Table.Th>
                <HiddenColumnHeader label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {secrets.data.map((secret) => (
                <Table.Tr key={secret.name}>
                  <Table.Td ff="monospace">{secret.name}</Table.Td>
                  <Table.Td>{formatDateTime(secret.created_at)}</Table.Td>
                  <Table.Td>{formatDateTime(secret.updated_at)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`Replace the value of ${secret.name}`}
                        onClick={() => setEditing({ opened: true, name: secret.name })}
                      >
                        Replace value
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${secret.name}`}
                        onClick={() => setDeleting({ opened: true, name: secret.name })}
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmModal
        opened={deleting.opened}
        onClose={closeDelete}
        title={`Delete ${deleting.name}?`}
        confirmLabel="Delete secret"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(deleting.name, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `Secret ${deleting.name} deleted` });
              closeDelete();
            },
          })
        }
      >
        <Text size="sm">
          Functions that list it can no longer read it: their ctx.secrets.get calls throw. This cannot be undone.
        </Text>
      </ConfirmModal>
    </>
  );
}
