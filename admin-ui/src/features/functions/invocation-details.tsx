// One invocation as the Test panel and the invocation log show it: outcome, HTTP status, timing,
// memory, cold or warm start, an event run's try and event id, the error with its stack, what it
// returned, and its log lines.
import { Alert, Badge, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Invocation } from '../../data/functions/invocations-query';
import {
  formatMemory,
  formatMs,
  LOG_LEVEL_COLORS,
  logOffset,
  outcomeColor,
  outcomeDescription,
  prettyJson,
} from './invocation-outcomes';

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Tooltip label={outcomeDescription(outcome)}>
      <Badge size="sm" variant="light" color={outcomeColor(outcome)}>
        {outcome}
      </Badge>
    </Tooltip>
  );
}

export function DeadLetteredBadge() {
  return (
    <Tooltip label="Its last try failed: it will not be retried">
      <Badge size="sm" variant="outline" color="red">
        dead-lettered
      </Badge>
    </Tooltip>
  );
}

/** Event runs only: which try it was, and the event it ran for (its idempotency key). */
export function EventRunFigures({ invocation }: { invocation: Invocation }) {
  if (invocation.event_id === null && invocation.attempt === null) return null;
  return (
    <Group gap="md" wrap="wrap">
      {invocation.attempt !== null && <Text size="sm">Try {invocation.attempt}</Text>}
      {invocation.event_id !== null && (
        <Text size="sm">
          Event <Code>{invocation.event_id}</Code>
        </Text>
      )}
      {invocation.dead_lettered && <DeadLetteredBadge />}
    </Group>
  );
}

export function Figures({ invocation }: { invocation: Invocation }) {
  return (
    <Group gap="md" wrap="wrap">
      <Text size="sm" span>
        Outcome <OutcomeBadge outcome={invocation.outcome} />
      </Text>
      {invocation.status !== null && <Text size="sm">Status {invocation.status}</Text>}
      <Text size="sm">Duration {formatMs(invocation.duration_ms)}</Text>
      <Text size="sm">CPU {formatMs(invocation.cpu_ms)}</Text>
      <Text size="sm">Memory {formatMemory(invocation.memory_bytes)}</Text>
      <Badge size="sm" variant="outline" color={invocation.cold ? 'blue' : 'gray'}>
        {invocation.cold ? 'cold start' : 'warm'}
      </Badge>
      <Text size="sm">Version {invocation.version}</Text>
    </Group>
  );
}

function Logs({ invocation, label }: { invocation: Invocation; label: string }) {
  if (invocation.logs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No log lines.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Table withTableBorder verticalSpacing={4} aria-label={label}>
        <Table.Tbody>
          {invocation.logs.map((line, index) => (
            <Table.Tr key={index}>
              <Table.Td w={70}>
                <Badge size="xs" variant="light" color={LOG_LEVEL_COLORS[line.level] ?? 'gray'}>
                  {line.level}
                </Badge>
              </Table.Td>
              <Table.Td w={80}>
                <Text size="xs" c="dimmed" ff="monospace">
                  {logOffset(line.at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {line.message}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {invocation.logs_dropped > 0 && (
        <Text size="xs" c="dimmed">
          {invocation.logs_dropped} more line{invocation.logs_dropped === 1 ? '' : 's'} not kept
        </Text>
      )}
    </Stack>
  );
}

interface InvocationDetailsProps {
  invocation: Invocation;
  /** The test run's returned value; absent in the log, which does not keep it. */
  result?: { value: unknown };
  /** Names the tables and blocks, so two open invocations stay apart. */
  label: string;
}

export function InvocationDetails({ invocation, result, label }: InvocationDetailsProps) {
  return (
    <Stack gap="xs">
      {invocation.error && (
        <Alert color="red" variant="light" title={`${invocation.error.name}: ${invocation.error.message}`}>
          {invocation.error.stack && (
            <Code block className="sql-block" aria-label={`Stack of ${label}`} mah={240}>
              {invocation.error.stack}
            </Code>
          )}
        </Alert>
      )}
      {result && invocation.outcome === 'ok' && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Returned
          </Text>
          <Code block className="sql-block" aria-label={`Result of ${label}`} mah={320}>
            {prettyJson(result.value)}
          </Code>
        </Stack>
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Logs
        </Text>
        <Logs invocation={invocation} label={`Logs of ${label}`} />
      </Stack>
    </Stack>
  );
}
