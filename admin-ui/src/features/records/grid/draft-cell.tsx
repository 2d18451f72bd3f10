// What a grid cell shows while its typed or pasted value is being saved, or after it failed:
// the value, kept, and the reason beside it while the cell is active.
import { Popover, Text } from '@mantine/core';

/** A value typed or pasted that is being saved, or failed: kept, with the reason beside it. */
export function DraftCell({ draft, active }: { draft: { text: string; message?: string }; active: boolean }) {
  if (!draft.message) {
    return (
      <Text span size="sm" c="dimmed" fs="italic">
        {draft.text}
      </Text>
    );
  }
  return (
    <Popover opened={active} position="bottom-start" width={300} withArrow shadow="md">
      <Popover.Target>
        <Text span size="sm" c="red">
          {draft.text || '—'}
        </Text>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" c="red" role="alert">
          {draft.message}
        </Text>
      </Popover.Dropdown>
    </Popover>
  );
}
