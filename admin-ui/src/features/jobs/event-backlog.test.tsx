// The jobs screen's event backlog line: its wording, its colour by age, and where events wait.
// Rendered with react-dom/server (see expression-error.test.tsx for why).
import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EventBacklog } from '../../data/jobs/queues-query';
import { EventBacklogNotice, formatAge } from './event-backlog';

const idle: EventBacklog = {
  oldest_undelivered_at: null,
  oldest_undelivered_age_seconds: 0,
  outbox_unsent: 0,
  queued_jobs: 0,
  deliveries_untried: 0,
};

function render(backlog: EventBacklog): string {
  return renderToStaticMarkup(
    <MantineProvider>
      <EventBacklogNotice backlog={backlog} />
    </MantineProvider>,
  )
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/&#x27;/g, "'");
}

describe('formatAge', () => {
  it.each([
    [0.2, 'under a second'],
    [4.4, '4 s'],
    [89, '89 s'],
    [600, '10 min'],
    [7200, '2.0 h'],
  ])('%d s reads %s', (seconds, expected) => {
    expect(formatAge(seconds)).toBe(expected);
  });
});

describe('EventBacklogNotice', () => {
  it('says events are up to date when nothing waits', () => {
    const html = render(idle);
    expect(html).toContain('Record events are up to date');
    expect(html).toContain('--mantine-color-teal-light');
  });

  it('names the age and where events wait, in red past the alert threshold', () => {
    const html = render({
      oldest_undelivered_at: '2026-12-05T10:00:00.000Z',
      oldest_undelivered_age_seconds: 600,
      outbox_unsent: 1200,
      queued_jobs: 1,
      deliveries_untried: 3,
    });
    expect(html).toContain('Oldest undelivered record event: 10 min old');
    expect(html).toContain('1,200 in the outbox, 1 job in the events queue, 3 webhook deliveries not tried yet');
    expect(html).toContain('check that a worker runs');
    expect(html).toContain('--mantine-color-red-light');
  });

  it('is yellow while events are only late', () => {
    const html = render({
      ...idle,
      oldest_undelivered_at: '2026-12-05T10:00:00.000Z',
      oldest_undelivered_age_seconds: 8,
      outbox_unsent: 2,
    });
    expect(html).toContain('--mantine-color-yellow-light');
    expect(html).not.toContain('--mantine-color-red');
  });
});
