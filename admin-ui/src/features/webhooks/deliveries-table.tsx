// A webhook's delivery log: one row per event sent to it, newest first, filtered by state. A row
// opens to show each attempt (status, duration, what the receiver answered, the error) and the
// payload; "Redeliver" queues the same event again with a fresh set of attempts.
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Code,
  EmptyState,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Fragment, useState } from 'react';
import { formatDateTime, shortId } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { ListFooter } from '../../components/list-footer';
import { ProblemAlert } from '../../components/problem-alert';
import { useRedeliverMutation } from '../../data/webhooks/delivery-redeliver-mutation';
import { useDeliveriesQuery, type Delivery } from '../../data/webhooks/deliveries-query';
import {
  attemptOutcome,
  DELIVERY_STATES,
  deliveryStateColor,
  type DeliveryState,
  deliveryStateDescription,
  formatDuration,
  httpStatusColor,
} from './delivery-states';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

const PAGE_SIZE = 20;
const COLUMNS = 7;

export function StateBadge({ state }: { state: string }) {
  return (
    <Tooltip label={deliveryStateDescription(state)}>
      <Badge size="sm" variant="light" color={deliveryStateColor(state)}>
        {state}
      </Badge>
    </Tooltip>
  );
}

export function StatusBadge({ status }: { status: number | null }) {
  if (status === null) {
    return (
      <Text span c="dimmed" size="sm">
        —
      </Text>
    );
  }
  return (
    <Badge size="sm" variant="outline" color={httpStatusColor(status)}>
      {status}
    </Badge>
  );
}

function Attempts({ delivery }: { delivery: Delivery }) {
  return (
    <Stack gap="xs" py="xs">
      {delivery.attempt_log.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not tried yet.
        </Text>
      ) : (
        <Table withTableBorder aria-label={`Attempts of delivery ${delivery.id}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Attempt</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Duration</Table.Th>
              <Table.Th>Response</Table.Th>
              <Table.Th>Error</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {delivery.attempt_log.map((attempt) => (
              <Table.Tr key={attempt.attempt}>
                <Table.Td>#{attempt.attempt}</Table.Td>
                <Table.Td>{formatDateTime(attempt.started_at)}</Table.Td>
                <Table.Td>
                  <Tooltip label={attemptOutcome(attempt)}>
                    <span>
                      <StatusBadge status={attempt.response_status} />
                    </span>
                  </Tooltip>
                </Table.Td>
                <Table.Td>{formatDuration(attempt.duration_ms)}</Table.Td>
                <Table.Td maw={320}>
                  {attempt.response_excerpt ? (
                    <Code className="sql-block">{attempt.response_excerpt}</Code>
                  ) : (
                    <Text span c="dimmed" size="sm">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td maw={280}>
                  {attempt.error ? (
                    <Text size="sm" c="red">
                      {attempt.error}
                    </Text>
                  ) : (
                    <Text span c="dimmed" size="sm">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        Event <Code>{delivery.event_id}</Code> (the <Code>webhook-id</Code> header)
      </Text>
      <Code block className="sql-block" aria-label={`Payload of delivery ${delivery.id}`} mah={240}>
        {JSON.stringify(delivery.payload, null, 2)}
      </Code>
    </Stack>
  );
}

export function DeliveriesTable({ webhookId }: { webhookId: string }) {
  const [state, setState] = useState<DeliveryState | null>(null);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const deliveries = useDeliveriesQuery(webhookId, {
    ...(state ? { state } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const redeliver = useRedeliverMutation(webhookId);
  const total = deliveries.data?.meta.total ?? 0;
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} fz="h4">
          Deliveries
        </Title>
        <Select
          aria-label="Delivery state"
          placeholder="Every state"
          w={180}
          size="xs"
          clearable
          data={DELIVERY_STATES.map((value) => ({ value, label: value }))}
          value={state}
          onChange={(value) => {
            setState(value as DeliveryState | null);
            setPage(1);
          }}
        />
      </Group>
      {deliveries.isPending && <LoadingBlock label="Loading deliveries" />}
      {deliveries.isError && <ProblemAlert error={deliveries.error} />}
      {deliveries.data && deliveries.data.data.length === 0 && (
        <Card withBorder>
          <EmptyState
            title={state ? `No ${state} deliveries` : 'No deliveries yet'}
            description={
              state
                ? 'Choose another state, or every state.'
                : 'Events sent to this webhook, and tests, appear here with every attempt.'
            }
          />
        </Card>
      )}
      {deliveries.data && deliveries.data.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table
            className="data-table"
            highlightOnHover
            aria-label="Deliveries"
            aria-busy={deliveries.isFetching}
            style={{ opacity: deliveries.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <HiddenColumnHeader w={36} label="Attempts shown" />
                <Table.Th>Event</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last status</Table.Th>
                <Table.Th>Time</Table.Th>
                <HiddenColumnHeader label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.data.data.map((delivery) => {
                const expanded = open.has(delivery.id);
                return (
                  <Fragment key={delivery.id}>
                    <Table.Tr data-clickable="true" onClick={() => toggle(delivery.id)}>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'Hide' : 'Show'} attempts of delivery ${shortId(delivery.id)}`}
                          onClick={(event) => {
                            event.stopPropagation();
                            toggle(delivery.id);
                          }}
                        >
                          {expanded ? '▾' : '▸'}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td ff="monospace">{delivery.event_type}</Table.Td>
                      <Table.Td>
                        <StateBadge state={delivery.state} />
                      </Table.Td>
                      <Table.Td>{delivery.attempts}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={delivery.last_status} />
                      </Table.Td>
                      <Table.Td>{formatDateTime(delivery.created_at)}</Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-label={`Redeliver delivery ${shortId(delivery.id)}`}
                          loading={redeliver.isPending && redeliver.variables === delivery.id}
                          onClick={(event) => {
                            event.stopPropagation();
                            redeliver.mutate(delivery.id, {
                              onSuccess: () =>
                                notifications.show({
                                  color: 'green',
                                  message: `${delivery.event_type} queued for delivery again`,
                                }),
                            });
                          }}
                        >
                          Redeliver
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr>
                        <Table.Td colSpan={COLUMNS} className="row-details">
                          <Attempts delivery={delivery} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {deliveries.data && (
        <ListFooter
          label={`${total} deliver${total === 1 ? 'y' : 'ies'}`}
          total={total}
          pageSize={PAGE_SIZE}
          page={page}
          onPage={setPage}
        />
      )}
    </Stack>
  );
}
