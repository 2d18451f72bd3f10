// What a test send came back with: the delivery's state and, for its attempt, the receiver's
// status, how long it took, what it answered or why it failed.
import { Alert, Code, Group, Stack, Text } from '@mantine/core';
import type { Delivery } from '../../data/webhooks/deliveries-query';
import { formatDuration } from './delivery-states';
import { StatusBadge } from './deliveries-table';

export function TestResult({ delivery, onClose }: { delivery: Delivery; onClose: () => void }) {
  const attempt = delivery.attempt_log.at(-1);
  const succeeded = delivery.state === 'succeeded';
  return (
    <Alert
      color={succeeded ? 'green' : 'red'}
      variant="light"
      role="status"
      title={succeeded ? 'Test delivered' : 'Test failed'}
      withCloseButton
      closeButtonLabel="Dismiss test result"
      onClose={onClose}
    >
      <Stack gap={4}>
        <Group gap="xs">
          <Text size="sm">
            {succeeded
              ? 'The receiver accepted the webhook.test event.'
              : delivery.state === 'refused'
                ? 'The target address is not allowed (see WEBHOOK_ALLOWED_NETWORKS).'
                : 'The receiver did not accept the webhook.test event.'}
          </Text>
        </Group>
        {attempt && (
          <Group gap="md">
            <Text size="sm">
              Status <StatusBadge status={attempt.response_status} />
            </Text>
            <Text size="sm">Took {formatDuration(attempt.duration_ms)}</Text>
          </Group>
        )}
        {attempt?.error && (
          <Text size="sm" c="red">
            {attempt.error}
          </Text>
        )}
        {attempt?.response_excerpt && (
          <Code block className="sql-block" aria-label="Response of the test">
            {attempt.response_excerpt}
          </Code>
        )}
      </Stack>
    </Alert>
  );
}
