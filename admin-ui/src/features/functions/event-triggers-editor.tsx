// Record-event triggers: rows of a collection, the changes that run the function, and an
// optional condition, checked against the collection as it is typed (the server checks again on
// deploy; its verdict shows until the condition or collection is edited).
import { CloseButton, Code, Group, Loader, Paper, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { expressionIssue, type ExpressionIssue } from '../../api';
import { ExpressionError } from '../../components/expression-error';
import { useConditionCheck } from '../../data/webhooks/condition-check-query';
import { CollectionSelect } from './collection-select';
import { RecordActionsInput } from './record-actions-input';
import { newEventRow, type EventTriggerRow } from './trigger-form';
import { TriggerListSection } from './trigger-list-section';
import { conditionIssueOf, type RowErrors } from './trigger-problems';

interface ConditionInputProps {
  row: EventTriggerRow;
  onChange: (condition: string) => void;
  /** The deploy's (or the form's) verdict on this condition. */
  error: string | undefined;
}

function ConditionInput({ row, onChange, error }: ConditionInputProps) {
  const [condition] = useDebouncedValue(row.condition, 400);
  // A webhook's condition is the same filter language, checked the same way on the server.
  const check = useConditionCheck(row.collection ? [row.collection] : [], condition);
  // What is typed is checked once typing pauses; that check is newer than a deploy's verdict.
  const typed =
    check.failure && condition === row.condition ? expressionIssue(check.failure.error, 'filter') : undefined;
  const issue: ExpressionIssue | undefined = typed ?? (error === undefined ? undefined : conditionIssueOf(error));
  const errorId = `${row.key}-condition-error`;
  return (
    <div>
      <TextInput
        label="Condition"
        description="Optional: only changes whose record matches this filter (for a delete, the record as it was)"
        placeholder={'status = "paid"'}
        classNames={{ input: 'mono' }}
        value={row.condition}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={issue ? true : undefined}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? errorId : undefined}
        rightSection={check.checking ? <Loader size="xs" aria-label="Checking the condition" /> : undefined}
      />
      {issue && <ExpressionError id={errorId} expression={row.condition} issue={issue} />}
    </div>
  );
}

interface EventTriggerRowEditorProps {
  row: EventTriggerRow;
  label: string;
  onChange: (changes: Partial<EventTriggerRow>) => void;
  onRemove: () => void;
  errors: RowErrors;
}

export function EventTriggerRowEditor({ row, label, onChange, onRemove, errors }: EventTriggerRowEditorProps) {
  return (
    <Paper withBorder p="xs" role="group" aria-label={label}>
      <Stack gap="xs">
        <Group align="flex-start" wrap="nowrap" gap="sm">
          <CollectionSelect
            value={row.collection}
            onChange={(collection) => onChange({ collection })}
            error={errors.collection}
          />
          <RecordActionsInput value={row.on} onChange={(on) => onChange({ on })} error={errors.on} />
          <CloseButton aria-label={`Remove ${label.toLowerCase()}`} onClick={onRemove} mt={22} />
        </Group>
        <ConditionInput row={row} onChange={(condition) => onChange({ condition })} error={errors.condition} />
      </Stack>
    </Paper>
  );
}

interface EventTriggersEditorProps {
  rows: EventTriggerRow[];
  onChange: (rows: EventTriggerRow[]) => void;
  /** By row key. */
  errors: Record<string, RowErrors>;
  listError: string | undefined;
}

export function EventTriggersEditor({ rows, onChange, errors, listError }: EventTriggersEditorProps) {
  const update = (key: string, changes: Partial<EventTriggerRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...changes } : row)));
  return (
    <TriggerListSection
      title="Record events"
      description={
        <>
          Run by the worker after a change commits, with the change as <Code>ctx.event</Code>; a failed run is retried,
          then dead-lettered.
        </>
      }
      count={rows.length}
      addLabel="Add event trigger"
      onAdd={() => onChange([...rows, newEventRow()])}
      error={listError}
    >
      {rows.map((row, index) => (
        <EventTriggerRowEditor
          key={row.key}
          row={row}
          label={`Event trigger ${index + 1}`}
          onChange={(changes) => update(row.key, changes)}
          onRemove={() => onChange(rows.filter((item) => item.key !== row.key))}
          errors={errors[row.key] ?? {}}
        />
      ))}
    </TriggerListSection>
  );
}
