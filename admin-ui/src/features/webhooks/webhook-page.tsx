// One webhook: its settings and signing secret, switching it on and off, a test send with the
// receiver's answer, editing, deleting, and its delivery log.
import { Alert, Anchor, Badge, Button, Card, Code, Group, Menu, Stack, Switch, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import type { Delivery } from '../../data/webhooks/deliveries-query';
import { useDeleteWebhookMutation } from '../../data/webhooks/webhook-delete-mutation';
import { useWebhookQuery } from '../../data/webhooks/webhook-query';
import { useTestWebhookMutation } from '../../data/webhooks/webhook-test-mutation';
import { useUpdateWebhookMutation } from '../../data/webhooks/webhook-update-mutation';
import type { Webhook } from '../../data/webhooks/webhooks-query';
import { DeliveriesTable } from './deliveries-table';
import { SecretField } from './secret-field';
import { TestResult } from './test-result';
import { WebhookFormModal } from './webhook-form-modal';

function Settings({ webhook }: { webhook: Webhook }) {
  const rows: [string, ReactNode][] = [
    ['URL', <Code key="url">{webhook.url}</Code>],
    [
      'Collections',
      webhook.collections.length === 0 ? (
        <Text key="collections" span size="sm">
          every collection
        </Text>
      ) : (
        <Group key="collections" gap={4}>
          {webhook.collections.map((name) => (
            <Badge key={name} variant="light" color="gray" ff="monospace">
              {name}
            </Badge>
          ))}
        </Group>
      ),
    ],
    [
      'Actions',
      <Group key="actions" gap={4}>
        {webhook.actions.map((action) => (
          <Badge key={action} variant="outline">
            {action}
          </Badge>
        ))}
      </Group>,
    ],
    [
      'Condition',
      webhook.condition ? (
        <Code key="condition">{webhook.condition}</Code>
      ) : (
        <Text key="condition" span size="sm" c="dimmed">
          none: every matching change
        </Text>
      ),
    ],
    ['Signing secret', <SecretField key="secret" secret={webhook.secret} />],
    ['Created', formatDateTime(webhook.created_at)],
  ];
  return (
    <Card withBorder padding="sm">
      <Table variant="vertical" layout="fixed" aria-label="Webhook settings" withRowBorders={false}>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={140}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

export function WebhookPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const webhook = useWebhookQuery(id);
  const update = useUpdateWebhookMutation();
  const remove = useDeleteWebhookMutation();
  const test = useTestWebhookMutation(id);
  const [editing, editModal] = useDisclosure(false);
  const [deleting, deleteModal] = useDisclosure(false);
  const [tested, setTested] = useState<Delivery | null>(null);

  if (webhook.isPending) return <LoadingBlock label="Loading webhook" />;
  if (webhook.isError) {
    return (
      <Stack align="flex-start">
        <ProblemAlert error={webhook.error} title="Webhook" />
        <Anchor component={Link} to="/webhooks">
          All webhooks
        </Anchor>
      </Stack>
    );
  }
  const hook = webhook.data;

  return (
    <Stack>
      <PageHeader
        title={hook.name}
        description={
          <Anchor component={Link} to="/webhooks" size="sm">
            ← All webhooks
          </Anchor>
        }
        actions={
          <>
            <Switch
              label="Enabled"
              checked={hook.enabled}
              disabled={update.isPending}
              onChange={(event) => {
                const enabled = event.currentTarget.checked;
                update.mutate(
                  { id: hook.id, changes: { enabled } },
                  {
                    onSuccess: () =>
                      notifications.show({
                        color: 'green',
                        message: `Webhook “${hook.name}” ${enabled ? 'enabled' : 'disabled'}`,
                      }),
                  },
                );
              }}
            />
            <Button
              variant="default"
              loading={test.isPending}
              onClick={() => test.mutate(undefined, { onSuccess: (delivery) => setTested(delivery) })}
            >
              Send test
            </Button>
            <Button variant="default" onClick={editModal.open}>
              Edit
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" aria-label="Webhook actions">
                  ⋯
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" onClick={deleteModal.open}>
                  Delete webhook…
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      {!hook.enabled && (
        <Alert color="yellow" variant="light" title="This webhook is off">
          {hook.disabled_reason ?? 'No events are sent to it until it is enabled again.'}
        </Alert>
      )}
      {tested && <TestResult delivery={tested} onClose={() => setTested(null)} />}
      <Settings webhook={hook} />
      <DeliveriesTable webhookId={hook.id} />
      <WebhookFormModal opened={editing} webhook={hook} onClose={editModal.close} />
      <ConfirmModal
        opened={deleting}
        onClose={deleteModal.close}
        title={`Delete “${hook.name}”?`}
        confirmLabel="Delete webhook"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(hook.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `Webhook “${hook.name}” deleted` });
              deleteModal.close();
              void navigate('/webhooks');
            },
          })
        }
      >
        No more events are sent to it, and its delivery log is deleted. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
