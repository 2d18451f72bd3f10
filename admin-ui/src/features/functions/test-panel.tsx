// Runs the deployed version with a chosen request (as ctx.request) and shows the run: outcome,
// status, timing, memory, cold or warm, what it returned, the error and the logs.
import { Alert, Button, Card, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { useTestFunctionMutation } from '../../data/functions/function-test-mutation';
import { Figures, InvocationDetails } from './invocation-details';
import {
  buildTestRequest,
  emptyTestRequest,
  TEST_METHODS,
  type TestRequestErrors,
  type TestRequestForm,
} from './test-request';

interface TestPanelProps {
  name: string;
  version: number;
  /** Unsaved changes in the editor, which a test does not run. */
  dirty: boolean;
}

export function TestPanel({ name, version, dirty }: TestPanelProps) {
  const [form, setForm] = useState<TestRequestForm>(emptyTestRequest);
  const [errors, setErrors] = useState<TestRequestErrors>({});
  const test = useTestFunctionMutation(name);
  const set = (changes: Partial<TestRequestForm>) => setForm((current) => ({ ...current, ...changes }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildTestRequest(form);
    setErrors(built.errors ?? {});
    if (built.request) test.mutate(built.request);
  };
  const ran = test.data;

  return (
    <Card withBorder padding="sm">
      <form onSubmit={submit} aria-label="Test the function">
        <Stack gap="sm">
          <Text fw={500}>Test</Text>
          <Text size="xs" c="dimmed">
            Runs the deployed version {version} as you, with this request as <code>ctx.request</code>; the run is
            logged.
          </Text>
          {dirty && (
            <Alert color="yellow" variant="light" p="xs">
              The editor has changes that are not deployed: deploy them to test them.
            </Alert>
          )}
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Select
              label="Method"
              w={110}
              data={[...TEST_METHODS]}
              allowDeselect={false}
              value={form.method}
              onChange={(value) => set({ method: value ?? 'POST' })}
            />
            <TextInput
              label="Path"
              style={{ flex: 1 }}
              classNames={{ input: 'mono' }}
              value={form.path}
              onChange={(event) => set({ path: event.currentTarget.value })}
              error={errors.path}
            />
          </Group>
          <TextInput
            label="Query"
            placeholder="name=Ada&tag=a&tag=b"
            classNames={{ input: 'mono' }}
            value={form.query}
            onChange={(event) => set({ query: event.currentTarget.value })}
            error={errors.query}
          />
          <Textarea
            label="Headers"
            description="One name: value per line"
            placeholder="x-trace: abc"
            classNames={{ input: 'mono' }}
            autosize
            minRows={1}
            maxRows={6}
            value={form.headers}
            onChange={(event) => set({ headers: event.currentTarget.value })}
            error={errors.headers}
          />
          <Textarea
            label="Body (JSON)"
            placeholder='{ "total": 12 }'
            classNames={{ input: 'mono' }}
            autosize
            minRows={2}
            maxRows={12}
            value={form.body}
            onChange={(event) => set({ body: event.currentTarget.value })}
            error={errors.body}
          />
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
