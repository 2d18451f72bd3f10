// Webhooks: signed HTTP calls to other services when records change. The list, with each
// webhook's target, filters and whether it is on; a row opens the webhook and its deliveries.
import { Badge, Button, Card, EmptyState, Group, Switch, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useUpdateWebhookMutation } from '../../data/webhooks/webhook-update-mutation';
import { useWebhooksQuery } from '../../data/webhooks/webhooks-query';
import { WebhookFormModal } from './webhook-form-modal';

export function WebhooksPage() {
  const webhooks = useWebhooksQuery();
  const update = useUpdateWebhookMutation();
  const navigate = useNavigate();
  const [creating, createModal] = useDisclosure(false);

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed POSTs to your services when records change; retried with backoff and logged per delivery."
        actions={<Button onClick={createModal.open}>New webhook</Button>}
      />
      <WebhookFormModal opened={creating} onClose={createModal.close} />
      {webhooks.isPending && <LoadingBlock label="Loading webhooks" />}
      {webhooks.isError && <ProblemAlert error={webhooks.error} />}
      {webhooks.data && webhooks.data.length === 0 && (
        <Card withBorder>
          <EmptyState
            title="No webhooks yet"
            description="Create one to call a URL whenever records are created, updated or deleted."
          >
            <EmptyState.Actions>
              <Button onClick={createModal.open}>Create a webhook</Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      )}
      {webhooks.data && webhooks.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table className="data-table" highlightOnHover aria-label="Webhooks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>URL</Table.Th>
                <Table.Th>Collections</Table.Th>
                <Table.Th>Actions</Table.Th>
                <Table.Th>Enabled</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {webhooks.data.map((webhook) => (
                <Table.Tr
                  key={webhook.id}
                  data-clickable="true"
                  onClick={() => void navigate(`/webhooks/${webhook.id}`)}
                >
                  <Table.Td>
                    <UnstyledButton
                      fw={500}
                      c="indigo"
                      fz="sm"
                      onClick={(event) => {
                        event.stopPropagation();
                        void navigate(`/webhooks/${webhook.id}`);
                      }}
                    >
                      {webhook.name}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {webhook.url}
                  </Table.Td>
                  <Table.Td>
                    {webhook.collections.length === 0 ? (
                      <Text span size="sm" c="dimmed">
                        every collection
                      </Text>
                    ) : (
                      <Text span size="sm" ff="monospace">
                        {webhook.collections.join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {webhook.actions.map((action) => (
                        <Badge key={action} size="sm" variant="outline">
                          {action}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td onClick={(event) => event.stopPropagation()}>
                    <Tooltip
                      label={webhook.disabled_reason ?? ''}
                      disabled={webhook.enabled || !webhook.disabled_reason}
                      multiline
                      w={260}
                    >
                      <Switch
                        aria-label={`${webhook.name} enabled`}
                        checked={webhook.enabled}
                        onChange={(event) => {
                          const enabled = event.currentTarget.checked;
                          update.mutate(
                            { id: webhook.id, changes: { enabled } },
                            {
                              onSuccess: () =>
                                notifications.show({
                                  color: 'green',
                                  message: `Webhook “${webhook.name}” ${enabled ? 'enabled' : 'disabled'}`,
                                }),
                            },
                          );
                        }}
                      />
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>{formatDateTime(webhook.created_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
