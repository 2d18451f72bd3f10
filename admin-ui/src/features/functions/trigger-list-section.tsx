// The frame of a list of trigger rows: what the kind does, its rows, a problem with the list as
// a whole, and a button that adds a row (up to the server's limit).
import { Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { TRIGGERS_PER_KIND_MAX } from './trigger-form';

interface TriggerListSectionProps {
  title: string;
  description: ReactNode;
  count: number;
  addLabel: string;
  onAdd: () => void;
  error: string | undefined;
  children: ReactNode;
}

export function TriggerListSection({
  title,
  description,
  count,
  addLabel,
  onAdd,
  error,
  children,
}: TriggerListSectionProps) {
  return (
    <Stack gap="xs" role="group" aria-label={title}>
      <div>
        <Text size="sm">{title}</Text>
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      </div>
      {children}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
      <Group>
        <Button size="compact-sm" variant="light" onClick={onAdd} disabled={count >= TRIGGERS_PER_KIND_MAX}>
          {addLabel}
        </Button>
      </Group>
    </Stack>
  );
}
