// A function's invocation log: one row per run, newest first, filtered by outcome, trigger and
// dead-lettering, a page at a time. Event runs show their try and event id; a row opens to show
// the error with its stack and the captured logs. The log is polled, so runs from the function's
// triggers appear while it is open.
import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Code,
  EmptyState,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Fragment, useState } from 'react';
import { formatDateTime, shortId } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { ListFooter } from '../../components/list-footer';
import { ProblemAlert } from '../../components/problem-alert';
import { useInvocationsQuery, type Invocation } from '../../data/functions/invocations-query';
import type { InvocationOutcome, InvocationTrigger } from '../../data/functions/keys';
import { DeadLetteredBadge, EventRunFigures, Figures, InvocationDetails, OutcomeBadge } from './invocation-details';
import { formatMemory, formatMs, OUTCOMES, TRIGGERS } from './invocation-outcomes';
import { HiddenColumnHeader } from '../../components/hidden-column-header';

const PAGE_SIZE = 20;
const COLUMNS = 8;

function Details({ invocation }: { invocation: Invocation }) {
  const label = `invocation ${shortId(invocation.id)}`;
  return (
    <Stack gap="xs" py="xs">
      <Figures invocation={invocation} />
      <EventRunFigures invocation={invocation} />
      <Text size="xs" c="dimmed">
        Invocation <Code>{invocation.id}</Code>
        {invocation.caller_id && (
          <>
            {' '}
            · caller <Code>{invocation.caller_id}</Code>
          </>
        )}
        {invocation.request_id && (
          <>
            {' '}
            · request <Code>{invocation.request_id}</Code>
          </>
        )}
      </Text>
      <InvocationDetails invocation={invocation} label={label} />
    </Stack>
  );
}

export function InvocationsTable({ name }: { name: string }) {
  const [outcome, setOutcome] = useState<InvocationOutcome | null>(null);
  const [trigger, setTrigger] = useState<InvocationTrigger | null>(null);
  const [deadLetteredOnly, setDeadLetteredOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  // Only a refresh asked for shows as loading; the background polls do not.
  const [refreshing, setRefreshing] = useState(false);
  const invocations = useInvocationsQuery(name, {
    ...(outcome ? { outcome } : {}),
    ...(trigger ? { trigger } : {}),
    ...(deadLetteredOnly ? { deadLettered: true } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const total = invocations.data?.meta.total ?? 0;
  const filtered = outcome !== null || trigger !== null || deadLetteredOnly;
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
          Invocations
        </Title>
        <Group gap="xs">
          <Select
            aria-label="Outcome"
            placeholder="Every outcome"
            w={160}
            size="xs"
            clearable
            data={OUTCOMES.map((value) => ({ value, label: value }))}
            value={outcome}
            onChange={(value) => {
              setOutcome(value);
              setPage(1);
            }}
          />
          <Select
            aria-label="Trigger"
            placeholder="Every trigger"
            w={160}
            size="xs"
            clearable
            data={TRIGGERS.map((value) => ({ value, label: value }))}
            value={trigger}
            onChange={(value) => {
              setTrigger(value);
              setPage(1);
            }}
          />
          <Checkbox
            label="Dead-lettered only"
            size="xs"
            checked={deadLetteredOnly}
            onChange={(event) => {
              setDeadLetteredOnly(event.currentTarget.checked);
              setPage(1);
            }}
          />
          <Button
            size="xs"
            variant="default"
            loading={refreshing}
            onClick={() => {
              setRefreshing(true);
              void invocations.refetch().finally(() => setRefreshing(false));
            }}
          >
            Refresh
          </Button>
        </Group>
      </Group>
      {invocations.isPending && <LoadingBlock label="Loading invocations" />}
      {invocations.isError && <ProblemAlert error={invocations.error} />}
      {invocations.data && invocations.data.data.length === 0 && (
        <Card withBorder>
          <EmptyState
            title={filtered ? 'No matching invocations' : 'No invocations yet'}
            description={
              filtered
                ? 'Choose another outcome or trigger, or clear the filters.'
                : 'Runs from the Test panel and from the function’s triggers appear here with their logs.'
            }
          />
        </Card>
      )}
      {invocations.data && invocations.data.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table
            className="data-table"
            highlightOnHover
            aria-label="Invocations"
            aria-busy={invocations.isFetching}
            style={{ opacity: invocations.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <HiddenColumnHeader w={36} label="Details shown" />
                <Table.Th>Time</Table.Th>
                <Table.Th>Trigger</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Memory</Table.Th>
                <Table.Th>Version</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invocations.data.data.map((invocation) => {
                const expanded = open.has(invocation.id);
                return (
                  <Fragment key={invocation.id}>
                    <Table.Tr data-clickable="true" onClick={() => toggle(invocation.id)}>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          aria-expanded={expanded}
                          aria-label={`${expanded ? 'Hide' : 'Show'} details of invocation ${shortId(invocation.id)}`}
                          onClick={(event) => {
                            event.stopPropagation();
                            toggle(invocation.id);
                          }}
                        >
                          {expanded ? '▾' : '▸'}
                        </ActionIcon>
                      </Table.Td>
                      <Table.Td>{formatDateTime(invocation.created_at)}</Table.Td>
                      <Table.Td>
                        <Text span ff="monospace" size="sm">
                          {invocation.trigger}
                        </Text>
                        {invocation.attempt !== null && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            · try {invocation.attempt}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <OutcomeBadge outcome={invocation.outcome} />
                          {invocation.dead_lettered && <DeadLetteredBadge />}
                        </Group>
                      </Table.Td>
                      <Table.Td>{invocation.status ?? '—'}</Table.Td>
                      <Table.Td>{formatMs(invocation.duration_ms)}</Table.Td>
                      <Table.Td>{formatMemory(invocation.memory_bytes)}</Table.Td>
                      <Table.Td>v{invocation.version}</Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr>
                        <Table.Td colSpan={COLUMNS} className="row-details">
                          <Details invocation={invocation} />
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
      {invocations.data && (
        <ListFooter
          label={`${total} invocation${total === 1 ? '' : 's'}`}
          total={total}
          pageSize={PAGE_SIZE}
          page={page}
          onPage={setPage}
        />
      )}
    </Stack>
  );
}
