// Runs the deployed version with a chosen request (as ctx.request) or event (as ctx.event) and
// shows the run: outcome, status, timing, memory, cold or warm, what it returned, the error and
// the logs.
import { Alert, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { useTestFunctionMutation } from '../../data/functions/function-test-mutation';
import { Figures, InvocationDetails } from './invocation-details';
import { parseTestEvent } from './test-event';
import { TestEventField, useSampleEvent } from './test-event-field';
import { buildTestRequest, emptyTestRequest, type TestRequestErrors, type TestRequestForm } from './test-request';
import { TestRequestFields } from './test-request-fields';
import type { SavedTriggers } from './trigger-form';

type TestSubject = 'request' | 'event';

interface TestPanelProps {
  name: string;
  version: number;
  /** Unsaved changes in the editor, which a test does not run. */
  dirty: boolean;
  /** The deployed triggers: the sample event follows the first record trigger. */
  triggers: SavedTriggers;
}

export function TestPanel({ name, version, dirty, triggers }: TestPanelProps) {
  // A function run by record triggers only is tried with an event first.
  const [subject, setSubject] = useState<TestSubject>(() =>
    !triggers.http && (triggers.events?.length || triggers.before_write?.length) ? 'event' : 'request',
  );
  const [request, setRequest] = useState<TestRequestForm>(emptyTestRequest);
  const [requestErrors, setRequestErrors] = useState<TestRequestErrors>({});
  const sample = useSampleEvent(triggers);
  // null: the sample, which follows the triggers and collections until it is edited.
  const [eventText, setEventText] = useState<string | null>(null);
  const [eventError, setEventError] = useState<string | undefined>();
  const test = useTestFunctionMutation(name);
  const eventShown = eventText ?? sample;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (subject === 'request') {
      const built = buildTestRequest(request);
      setRequestErrors(built.errors ?? {});
      if (built.request) test.mutate({ request: built.request });
      return;
    }
    const parsed = parseTestEvent(eventShown);
    setEventError('error' in parsed ? parsed.error : undefined);
    if (!('error' in parsed)) test.mutate({ event: parsed.event });
  };
  const ran = test.data;

  return (
    <Card withBorder padding="sm">
      <form onSubmit={submit} aria-label="Test the function">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={500}>Test</Text>
            <SegmentedControl
              size="xs"
              aria-label="What to send"
              data={[
                { value: 'request', label: 'Request' },
                { value: 'event', label: 'Event' },
              ]}
              value={subject}
              onChange={(value) => setSubject(value as TestSubject)}
            />
          </Group>
          <Text size="xs" c="dimmed">
            Runs the deployed version {version} as you, with{' '}
            {subject === 'request' ? (
              <>
                this request as <code>ctx.request</code>
              </>
            ) : (
              <>
                this event as <code>ctx.event</code>
              </>
            )}
            ; the run is logged.
          </Text>
          {dirty && (
            <Alert color="yellow" variant="light" p="xs">
              The editor has changes that are not deployed: deploy them to test them.
            </Alert>
          )}
          {subject === 'request' ? (
            <TestRequestFields
              form={request}
              errors={requestErrors}
              set={(changes) => setRequest((current) => ({ ...current, ...changes }))}
            />
          ) : (
            <TestEventField
              text={eventShown}
              error={eventError}
              edited={eventText !== null}
              onChange={(text) => {
                setEventText(text);
                setEventError(undefined);
              }}
              onReset={() => {
                setEventText(null);
                setEventError(undefined);
              }}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={test.isPending}>
              Run test
            </Button>
          </Group>
          <ProblemAlert error={test.error} />
          {ran && (
            <Stack gap="xs" role="region" aria-label="Test result">
              <Figures invocation={ran} />
              <InvocationDetails invocation={ran} result={{ value: ran.result }} label="the test run" />
            </Stack>
          )}
        </Stack>
      </form>
    </Card>
  );
}
