// What runs a function: its HTTP route, record events, before-write checks and a schedule, each
// with its problems from the last deploy shown in place.
import { Card, Divider, Stack, Text } from '@mantine/core';
import type { ExpressionIssue } from '../../api';
import { BeforeWriteTriggersEditor } from './before-write-triggers-editor';
import { EventTriggersEditor } from './event-triggers-editor';
import type { FormField, FunctionForm } from './function-form';
import { HttpTriggerEditor } from './http-trigger-editor';
import { ScheduleEditor } from './schedule-editor';
import type { TriggerErrors } from './trigger-problems';

interface TriggersCardProps {
  form: FunctionForm;
  set: (changes: Partial<FunctionForm>) => void;
  errors: Partial<Record<FormField, string>>;
  triggerErrors: TriggerErrors;
  ruleIssue?: ExpressionIssue;
  /** Known once the function exists: where its HTTP trigger answers. */
  name?: string;
}

export function TriggersCard({ form, set, errors, triggerErrors, ruleIssue, name }: TriggersCardProps) {
  return (
    <Card withBorder padding="sm">
      <Stack gap="sm">
        <Text fw={500}>Triggers</Text>
        <HttpTriggerEditor form={form} set={set} ruleError={errors.rule} ruleIssue={ruleIssue} name={name} />
        <Divider />
        <EventTriggersEditor
          rows={form.events}
          onChange={(events) => set({ events })}
          errors={triggerErrors.events}
          listError={triggerErrors.lists.events}
        />
        <Divider />
        <BeforeWriteTriggersEditor
          rows={form.beforeWrite}
          onChange={(beforeWrite) => set({ beforeWrite })}
          errors={triggerErrors.beforeWrite}
          listError={triggerErrors.lists.beforeWrite}
        />
        <Divider />
        <ScheduleEditor form={form} set={set} errors={triggerErrors.schedule} />
      </Stack>
    </Card>
  );
}
