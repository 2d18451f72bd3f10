// One line above the queues: are record events keeping up? The age of the oldest event not yet
// handed to its consumers, coloured by the thresholds docs/operations.md suggests alerting on,
// with where the events wait.
import { Alert, Text } from '@mantine/core';
import type { EventBacklog } from '../../data/jobs/queues-query';

/** Past these, events are late (yellow) or the pipeline needs someone (red); see docs/operations.md. */
export const BACKLOG_LATE_SECONDS = 5;
export const BACKLOG_ALERT_SECONDS = 60;

export function formatAge(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function whereTheyWait(backlog: EventBacklog): string {
  const parts = [
    backlog.outbox_unsent > 0 && `${backlog.outbox_unsent.toLocaleString()} in the outbox`,
    backlog.queued_jobs > 0 &&
      `${backlog.queued_jobs.toLocaleString()} job${backlog.queued_jobs === 1 ? '' : 's'} in the events queue`,
    backlog.deliveries_untried > 0 &&
      `${backlog.deliveries_untried.toLocaleString()} webhook deliver${backlog.deliveries_untried === 1 ? 'y' : 'ies'} not tried yet`,
  ].filter(Boolean);
  return parts.length > 0 ? `Waiting: ${parts.join(', ')}.` : '';
}

export function EventBacklogNotice({ backlog }: { backlog: EventBacklog }) {
  const age = backlog.oldest_undelivered_age_seconds;
  const color = age >= BACKLOG_ALERT_SECONDS ? 'red' : age >= BACKLOG_LATE_SECONDS ? 'yellow' : 'teal';
  const title =
    backlog.oldest_undelivered_at === null
      ? 'Record events are up to date'
      : `Oldest undelivered record event: ${formatAge(age)} old`;
  return (
    <Alert color={color} variant="light" title={title} aria-label="Event backlog" role="status">
      <Text size="sm">
        {whereTheyWait(backlog)}{' '}
        {age >= BACKLOG_ALERT_SECONDS
          ? 'Events are falling behind: check that a worker runs and that Redis and the database answer.'
          : 'Events go out a moment after each change.'}
      </Text>
    </Alert>
  );
}
