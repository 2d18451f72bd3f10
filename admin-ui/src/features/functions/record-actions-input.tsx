// Which record changes a trigger row reacts to: create, update, delete.
import { Checkbox, Group } from '@mantine/core';
import { orderedActions, RECORD_ACTIONS, type RecordAction } from './trigger-form';

interface RecordActionsInputProps {
  value: readonly RecordAction[];
  onChange: (on: RecordAction[]) => void;
  error: string | undefined;
}

export function RecordActionsInput({ value, onChange, error }: RecordActionsInputProps) {
  return (
    <Checkbox.Group label="On" value={[...value]} onChange={(next) => onChange(orderedActions(next))} error={error}>
      <Group gap="sm" mt={8}>
        {RECORD_ACTIONS.map((action) => (
          <Checkbox key={action} value={action} label={action} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}
