// The sign-in providers: name, kind, label, whether they are offered, the callback URL to
// register at the provider (copyable), and per row a test sign-in, edit and delete.
import { Badge, Button, Code, CopyButton, Group, Menu, Switch, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useUpdateProviderMutation } from '../../data/sign-in-providers/provider-update-mutation';
import type { Provider } from '../../data/sign-in-providers/providers-query';
import { TestSignInButton } from './test-sign-in-button';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

/** Long URLs are cut with an ellipsis so the copy button stays in the cell; the tooltip has it whole. */
const CALLBACK_STYLE = {
  display: 'inline-block',
  maxWidth: 230,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

function CallbackUrl({ provider }: { provider: Provider }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Tooltip label={provider.callback_url} openDelay={400}>
        <Code className="mono" fz="xs" aria-label={`Callback URL of ${provider.name}`} style={CALLBACK_STYLE}>
          {provider.callback_url}
        </Code>
      </Tooltip>
      <CopyButton value={provider.callback_url}>
        {({ copied, copy }) => (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={copy}
            aria-label={`Copy the callback URL of ${provider.name}`}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

interface ProvidersTableProps {
  providers: Provider[];
  onEdit: (provider: Provider) => void;
  onDelete: (provider: Provider) => void;
}

export function ProvidersTable({ providers, onEdit, onDelete }: ProvidersTableProps) {
  const update = useUpdateProviderMutation();
  const toggle = (provider: Provider, enabled: boolean) =>
    update.mutate(
      { name: provider.name, changes: { enabled } },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            message: enabled ? `${provider.name} is offered on sign-in pages` : `${provider.name} is disabled`,
          }),
      },
    );
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table className="data-table" aria-label="Sign-in providers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Display name</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th>Callback URL</Table.Th>
            <HiddenColumnHeader label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {providers.map((provider) => (
            <Table.Tr key={provider.name}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {provider.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={provider.kind === 'github' ? 'dark' : 'indigo'}>
                  {provider.kind === 'github' ? 'GitHub (OAuth2)' : 'OpenID Connect'}
                </Badge>
              </Table.Td>
              <Table.Td>{provider.display_name}</Table.Td>
              <Table.Td>
                <Switch
                  aria-label={`${provider.name} enabled`}
                  checked={provider.enabled}
                  onChange={(event) => toggle(provider, event.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td>
                <CallbackUrl provider={provider} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <TestSignInButton name={provider.name} />
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <Button size="compact-xs" variant="subtle" aria-label={`Actions for ${provider.name}`}>
                        ⋯
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => onEdit(provider)}>Edit…</Menu.Item>
                      <Menu.Item color="red" onClick={() => onDelete(provider)}>
                        Delete…
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
