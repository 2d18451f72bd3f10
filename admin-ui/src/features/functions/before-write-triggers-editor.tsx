// Before-write triggers: rows of a collection and the writes the function runs before, inside
// the write's transaction, where it may refuse the write or change the values written.
import { CloseButton, Code, Group, Paper } from '@mantine/core';
import { CollectionSelect } from './collection-select';
import { RecordActionsInput } from './record-actions-input';
import { newBeforeWriteRow, type BeforeWriteTriggerRow } from './trigger-form';
import { TriggerListSection } from './trigger-list-section';
import type { RowErrors } from './trigger-problems';

interface BeforeWriteRowEditorProps {
  row: BeforeWriteTriggerRow;
  label: string;
  onChange: (changes: Partial<BeforeWriteTriggerRow>) => void;
  onRemove: () => void;
  errors: RowErrors;
}

export function BeforeWriteRowEditor({ row, label, onChange, onRemove, errors }: BeforeWriteRowEditorProps) {
  return (
    <Paper withBorder p="xs" role="group" aria-label={label}>
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <CollectionSelect
          value={row.collection}
          onChange={(collection) => onChange({ collection })}
          error={errors.collection}
        />
        <RecordActionsInput value={row.on} onChange={(on) => onChange({ on })} error={errors.on} />
        <CloseButton aria-label={`Remove ${label.toLowerCase()}`} onClick={onRemove} mt={22} />
      </Group>
    </Paper>
  );
}

interface BeforeWriteTriggersEditorProps {
  rows: BeforeWriteTriggerRow[];
  onChange: (rows: BeforeWriteTriggerRow[]) => void;
  /** By row key. */
  errors: Record<string, RowErrors>;
  listError: string | undefined;
}

export function BeforeWriteTriggersEditor({ rows, onChange, errors, listError }: BeforeWriteTriggersEditorProps) {
  const update = (key: string, changes: Partial<BeforeWriteTriggerRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...changes } : row)));
  return (
    <TriggerListSection
      title="Before writes"
      description={
        <>
          Run on the API inside the write’s transaction (a short time budget): <Code>ctx.reject(…)</Code> refuses the
          write, returning an object changes the values written.
        </>
      }
      count={rows.length}
      addLabel="Add before-write trigger"
      onAdd={() => onChange([...rows, newBeforeWriteRow()])}
      error={listError}
    >
      {rows.map((row, index) => (
        <BeforeWriteRowEditor
          key={row.key}
          row={row}
          label={`Before-write trigger ${index + 1}`}
          onChange={(changes) => update(row.key, changes)}
          onRemove={() => onChange(rows.filter((item) => item.key !== row.key))}
          errors={errors[row.key] ?? {}}
        />
      ))}
    </TriggerListSection>
  );
}
