// One job in a drawer: its state, timings and attempts, why it failed and where (the first lines
// of the stack), what it was given, reported and returned; retry a failed job, remove a finished one.
import { Alert, Badge, Button, Code, Drawer, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import { useJobQuery } from '../../data/jobs/job-query';
import { useRemoveJobMutation } from '../../data/jobs/job-remove-mutation';
import { useRetryJobMutation } from '../../data/jobs/job-retry-mutation';
import type { JobRef } from '../../data/jobs/keys';
import { jobStateColor, jsonText } from './job-states';

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Title order={3} fz="sm">
        {label}
      </Title>
      <Code block className="sql-block" aria-label={label} mah={260}>
        {jsonText(value)}
      </Code>
    </Stack>
  );
}

function JobDetail({ jobRef, onRemoved }: { jobRef: JobRef; onRemoved: () => void }) {
  const job = useJobQuery(jobRef, { poll: true });
  const retry = useRetryJobMutation();
  const remove = useRemoveJobMutation();
  const [confirmRemove, setConfirmRemove] = useState(false);
  if (job.isPending) return <Loader aria-label="Loading job" />;
  if (job.isError) return <ProblemAlert error={job.error} />;
  const data = job.data;
  const facts: [string, string][] = [
    ['Queue', data.queue],
    ['Name', data.name],
    ['Attempts', `${data.attempts_made} of ${data.attempts}`],
    ['Created', formatDateTime(data.created_at)],
    ['Started', formatDateTime(data.processed_at)],
    ['Finished', formatDateTime(data.finished_at)],
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <Badge variant="light" color={jobStateColor(data.state)} size="lg">
          {data.state}
        </Badge>
        <Group gap="xs">
          {data.state === 'failed' && (
            <Button
              loading={retry.isPending}
              onClick={() =>
                retry.mutate(jobRef, {
                  onSuccess: () => notifications.show({ color: 'green', message: `Job ${data.id} queued again` }),
                })
              }
            >
              Retry job
            </Button>
          )}
          <Button color="red" variant="light" disabled={data.state === 'active'} onClick={() => setConfirmRemove(true)}>
            Remove job
          </Button>
        </Group>
      </Group>
      <Table variant="vertical" layout="fixed" withRowBorders={false} aria-label="Job facts">
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={110}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data.failed_reason && (
        <Alert color="red" variant="light" title="Failed reason">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {data.failed_reason}
          </Text>
        </Alert>
      )}
      {data.stacktrace && data.stacktrace.length > 0 && (
        <Stack gap={4}>
          <Title order={3} fz="sm">
            Stack
          </Title>
          <Code block className="sql-block" aria-label="Stack">
            {data.stacktrace.join('\n')}
          </Code>
        </Stack>
      )}
      <JsonBlock label="Data" value={data.data} />
      <JsonBlock label="Progress" value={data.progress} />
      <JsonBlock label="Result" value={data.result} />
      <ConfirmModal
        opened={confirmRemove}
        onClose={() => setConfirmRemove(false)}
        title={`Remove job ${data.id}?`}
        confirmLabel="Remove job"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(jobRef, {
            onSuccess: () => {
              setConfirmRemove(false);
              notifications.show({ color: 'green', message: `Job ${data.id} removed` });
              onRemoved();
            },
          })
        }
      >
        The job leaves its queue, with its import upload or export file. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}

export function JobDrawer({ jobRef, onClose }: { jobRef: JobRef | undefined; onClose: () => void }) {
  return (
    <Drawer
      opened={jobRef !== undefined}
      onClose={onClose}
      title={jobRef ? `Job ${jobRef.id}` : 'Job'}
      position="right"
      size="lg"
    >
      {jobRef && <JobDetail key={`${jobRef.queue}:${jobRef.id}`} jobRef={jobRef} onRemoved={onClose} />}
    </Drawer>
  );
}
