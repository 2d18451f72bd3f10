// The schedule trigger: on or off, a cron pattern, and the time zone it is read in (UTC when
// empty). Time zones are suggested from the browser's list; any IANA name may be typed.
import { Autocomplete, Code, Group, Switch, TextInput } from '@mantine/core';
import type { TriggerFields } from './trigger-form';
import type { ScheduleField } from './trigger-problems';

type ScheduleFields = Pick<TriggerFields, 'schedule' | 'cron' | 'timezone'>;

const TIME_ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** A daily run is the usual first schedule. */
const FIRST_PATTERN = '0 3 * * *';

interface ScheduleEditorProps {
  form: ScheduleFields;
  set: (changes: Partial<ScheduleFields>) => void;
  errors: Partial<Record<ScheduleField, string>>;
}

export function ScheduleEditor({ form, set, errors }: ScheduleEditorProps) {
  return (
    <>
      <Switch
        label="Schedule"
        description="Run by the worker on a cron pattern, once per tick across all workers"
        checked={form.schedule}
        onChange={(event) => {
          const on = event.currentTarget.checked;
          set(on && form.cron.trim() === '' ? { schedule: on, cron: FIRST_PATTERN } : { schedule: on });
        }}
      />
      {form.schedule && (
        <Group grow align="flex-start" pl="md">
          <TextInput
            label="Cron pattern"
            description={
              <>
                minute hour day month weekday (six fields: seconds first); <Code>*/15 * * * *</Code> every 15 minutes
              </>
            }
            placeholder={FIRST_PATTERN}
            classNames={{ input: 'mono' }}
            value={form.cron}
            onChange={(event) => set({ cron: event.currentTarget.value })}
            error={errors.cron}
          />
          <Autocomplete
            label="Time zone"
            description="The zone the pattern is read in; empty: UTC"
            placeholder="UTC"
            data={TIME_ZONES}
            limit={20}
            value={form.timezone}
            onChange={(timezone) => set({ timezone })}
            error={errors.timezone}
          />
        </Group>
      )}
    </>
  );
}
