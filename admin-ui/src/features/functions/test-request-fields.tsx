// The Test panel's request: method, path after /invoke, query, header lines and a JSON body.
import { Group, Select, Textarea, TextInput } from '@mantine/core';
import { TEST_METHODS, type TestRequestErrors, type TestRequestForm } from './test-request';

interface TestRequestFieldsProps {
  form: TestRequestForm;
  errors: TestRequestErrors;
  set: (changes: Partial<TestRequestForm>) => void;
}

export function TestRequestFields({ form, errors, set }: TestRequestFieldsProps) {
  return (
    <>
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
    </>
  );
}
