// An editable list of redirect URLs: one input per URL, each removable, and one more to add.
import { Button, CloseButton, Group, Input, Stack, TextInput } from '@mantine/core';

interface RedirectUrlsInputProps {
  value: string[];
  onChange: (urls: string[]) => void;
  error?: string;
}

export function RedirectUrlsInput({ value, onChange, error }: RedirectUrlsInputProps) {
  const setAt = (index: number, url: string) => onChange(value.map((item, at) => (at === index ? url : item)));
  const removeAt = (index: number) => onChange(value.filter((_, at) => at !== index));
  return (
    <Input.Wrapper
      label="Allowed redirect URLs"
      description="Where apps may ask a provider sign-in to end, matched exactly (no wildcards). The console’s own callback is always allowed."
      error={error}
    >
      <Stack gap="xs" mt="xs">
        {value.map((url, index) => (
          <Group key={index} gap="xs" wrap="nowrap">
            <TextInput
              aria-label={`Redirect URL ${index + 1}`}
              placeholder="https://app.example.com/auth/callback"
              value={url}
              onChange={(event) => setAt(index, event.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <CloseButton aria-label={`Remove redirect URL ${index + 1}`} onClick={() => removeAt(index)} />
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="light" onClick={() => onChange([...value, ''])}>
            Add redirect URL
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
