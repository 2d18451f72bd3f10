// The triggers card as rendered: each trigger problem shows in its own row, at its input, and
// the condition's with a caret. Rendered with react-dom/server (see expression-error.test.tsx).
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { emptyFunctionForm, type FunctionForm } from './function-form';
import { noTriggerErrors, type TriggerErrors } from './trigger-problems';
import { TriggersCard } from './triggers-card';

function render(form: FunctionForm, triggerErrors: TriggerErrors): string {
  return renderToStaticMarkup(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <TriggersCard form={form} set={() => undefined} errors={{}} triggerErrors={triggerErrors} />
      </QueryClientProvider>
    </MantineProvider>,
  )
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/&quot;/g, '"');
}

/** The markup of the element labelled `label` (a row), up to the next row. */
function rowOf(html: string, label: string): string {
  const start = html.indexOf(`aria-label="${label}"`);
  const next = html.indexOf('role="group" aria-label="', start + 1);
  return start === -1 ? '' : html.slice(start, next === -1 ? undefined : next);
}

const form: FunctionForm = {
  ...emptyFunctionForm(),
  events: [
    { key: 'e1', collection: 'orders', on: ['create'], condition: '' },
    { key: 'e2', collection: 'orders', on: ['create', 'update'], condition: 'nope = 1' },
  ],
  beforeWrite: [{ key: 'b1', collection: '', on: [] }],
  schedule: true,
  cron: '0 3 * *',
  timezone: '',
};

describe('TriggersCard', () => {
  it('shows each problem in the row and at the input it is about', () => {
    const html = render(form, {
      ...noTriggerErrors(),
      events: { e2: { condition: 'orders: unknown field "nope" at character 1; valid fields: id' } },
      beforeWrite: { b1: { collection: 'Choose a collection', on: 'Tick at least one action' } },
      schedule: { cron: 'Five fields (minute hour day month weekday), or six with seconds first' },
    });
    expect(rowOf(html, 'Event trigger 1')).not.toContain('unknown field');
    const second = rowOf(html, 'Event trigger 2');
    expect(second).toContain('unknown field "nope"; valid fields: id (at character 1)');
    expect(second).toContain('aria-label="Where the expression is wrong"');
    const beforeWrite = rowOf(html, 'Before-write trigger 1');
    expect(beforeWrite).toContain('Choose a collection');
    expect(beforeWrite).toContain('Tick at least one action');
    expect(html).toContain('Five fields (minute hour day month weekday), or six with seconds first');
  });

  it('labels rows and their remove buttons, and hides the schedule’s inputs while it is off', () => {
    const html = render({ ...form, schedule: false }, noTriggerErrors());
    expect(html).toContain('aria-label="Remove event trigger 2"');
    expect(html).toContain('aria-label="Remove before-write trigger 1"');
    expect(html).toContain('Add event trigger');
    expect(html).not.toContain('Cron pattern');
    expect(html).not.toContain('Callers matching a rule');
  });
});
