// The worker's queues: job counts by state per queue, a queue's jobs in one state (failures
// first when there are any), and a job's detail with retry and remove. The queue, state and
// open job live in the address, so a link to a failure can be shared.
import {
  Badge,
  Card,
  EmptyState,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useSearchParams } from 'react-router';
import { formatDateTime } from '../../components/format';
import { LoadingBlock } from '../../components/loading-block';
import { ListFooter } from '../../components/list-footer';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useJobsQuery } from '../../data/jobs/jobs-query';
import type { JobRef, QueueName } from '../../data/jobs/keys';
import { useQueuesQuery, type QueueSummary } from '../../data/jobs/queues-query';
import { EventBacklogNotice } from './event-backlog';
import { JobDrawer } from './job-drawer';
import { defaultJobState, isJobListState, JOB_LIST_STATES, jobStateColor, type JobListState } from './job-states';

const PAGE_SIZE = 20;
const COUNT_COLUMNS = ['failed', 'active', 'waiting', 'delayed', 'completed'] as const;

function QueuesTable({
  queues,
  selected,
  onSelect,
}: {
  queues: QueueSummary[];
  selected: string | undefined;
  onSelect: (queue: QueueName, state?: JobListState) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table className="data-table" highlightOnHover aria-label="Queues">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Queue</Table.Th>
            {COUNT_COLUMNS.map((state) => (
              <Table.Th key={state} tt="capitalize">
                {state}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {queues.map((queue) => (
            <Table.Tr
              key={queue.name}
              data-clickable="true"
              bg={queue.name === selected ? 'var(--mantine-color-indigo-light)' : undefined}
              aria-selected={queue.name === selected}
              onClick={() => onSelect(queue.name)}
            >
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text span ff="monospace" size="sm" fw={500}>
                    {queue.name}
                  </Text>
                  {queue.paused && (
                    <Badge size="xs" color="gray" variant="light">
                      paused
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              {COUNT_COLUMNS.map((state) => {
                const count = queue.counts[state];
                return (
                  <Table.Td key={state}>
                    <UnstyledButton
                      aria-label={`${count} ${state} jobs in ${queue.name}`}
                      onClick={(event) => {
                        event.stopPropagation();
                        onSelect(queue.name, state);
                      }}
                    >
                      {count > 0 ? (
                        <Badge variant="light" color={jobStateColor(state)}>
                          {count.toLocaleString()}
                        </Badge>
                      ) : (
                        <Text span size="sm" c="dimmed" px="xs">
                          0
                        </Text>
                      )}
                    </UnstyledButton>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function QueueJobs({
  queue,
  state,
  page,
  onState,
  onPage,
  onOpen,
}: {
  queue: QueueSummary;
  state: JobListState;
  page: number;
  onState: (state: JobListState) => void;
  onPage: (page: number) => void;
  onOpen: (job: JobRef) => void;
}) {
  const jobs = useJobsQuery({ queue: queue.name, state, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const total = jobs.data?.meta.total ?? 0;
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} fz="h4">
          Jobs in{' '}
          <Text span inherit ff="monospace">
            {queue.name}
          </Text>
        </Title>
        <SegmentedControl
          aria-label="Job state"
          size="xs"
          value={state}
          onChange={(value) => isJobListState(value) && onState(value)}
          data={JOB_LIST_STATES.map((value) => ({ value, label: `${value} (${queue.counts[value]})` }))}
        />
      </Group>
      {jobs.isPending && <LoadingBlock label="Loading jobs" />}
      {jobs.isError && <ProblemAlert error={jobs.error} />}
      {jobs.data && jobs.data.data.length === 0 && (
        <Card withBorder>
          <EmptyState title={`No ${state} jobs`} description={`The ${queue.name} queue has no ${state} jobs now.`} />
        </Card>
      )}
      {jobs.data && jobs.data.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table
            className="data-table"
            highlightOnHover
            aria-label={`${state} jobs in ${queue.name}`}
            style={{ opacity: jobs.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Id</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Finished</Table.Th>
                <Table.Th>{state === 'failed' ? 'Failed reason' : 'State'}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.data.map((job) => (
                <Table.Tr key={job.id} data-clickable="true" onClick={() => onOpen({ id: job.id, queue: job.queue })}>
                  <Table.Td>
                    <UnstyledButton
                      ff="monospace"
                      fz="xs"
                      c="indigo"
                      aria-label={`Open job ${job.id}`}
                      onClick={(event) => {
                        event.stopPropagation();
                        onOpen({ id: job.id, queue: job.queue });
                      }}
                    >
                      {job.id}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="sm">
                    {job.name}
                  </Table.Td>
                  <Table.Td>
                    {job.attempts_made} / {job.attempts}
                  </Table.Td>
                  <Table.Td>{formatDateTime(job.created_at)}</Table.Td>
                  <Table.Td>{formatDateTime(job.finished_at)}</Table.Td>
                  <Table.Td>
                    {state === 'failed' ? (
                      // Long reasons are cut at two lines; the whole one is in the job's detail.
                      <Text size="sm" c="red" lineClamp={2} maw={360} title={job.failed_reason ?? undefined}>
                        {job.failed_reason ?? '—'}
                      </Text>
                    ) : (
                      <Badge size="sm" variant="light" color={jobStateColor(job.state)}>
                        {job.state}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {jobs.data && (
        <ListFooter
          label={`${total} ${state} job${total === 1 ? '' : 's'}`}
          total={total}
          pageSize={PAGE_SIZE}
          page={page}
          onPage={onPage}
        />
      )}
    </Stack>
  );
}

export function JobsPage() {
  const queues = useQueuesQuery();
  const summaries = queues.data?.data;
  const [params, setParams] = useSearchParams();
  // Unasked, the first queue with failures opens (they need someone), else the first queue.
  const selected =
    summaries?.find((queue) => queue.name === params.get('queue')) ??
    summaries?.find((queue) => queue.counts.failed > 0) ??
    summaries?.[0];
  const requested = params.get('state');
  const state = isJobListState(requested) ? requested : defaultJobState(selected?.counts);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const openJob = params.get('job');
  const jobRef = openJob && selected ? { id: openJob, queue: selected.name } : undefined;

  const update = (changes: Record<string, string | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) next.delete(key);
        else next.set(key, value);
      }
      return next;
    });

  return (
    <Stack>
      <PageHeader
        title="Jobs"
        description="The worker's queues: record events, webhook deliveries, email, imports, exports and maintenance."
      />
      {queues.isPending && <LoadingBlock label="Loading queues" />}
      {queues.isError && <ProblemAlert error={queues.error} />}
      {queues.data && <EventBacklogNotice backlog={queues.data.events} />}
      {summaries && (
        <QueuesTable
          queues={summaries}
          selected={selected?.name}
          onSelect={(queue, choice) => update({ queue, state: choice, page: undefined, job: undefined })}
        />
      )}
      {selected && (
        <QueueJobs
          key={selected.name}
          queue={selected}
          state={state}
          page={page}
          onState={(choice) => update({ state: choice, page: undefined })}
          onPage={(next) => update({ page: String(next) })}
          onOpen={(job) => update({ queue: job.queue, job: job.id })}
        />
      )}
      <JobDrawer jobRef={jobRef} onClose={() => update({ job: undefined })} />
    </Stack>
  );
}
