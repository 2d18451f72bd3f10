// A new function: its name, source and settings, deployed as version 1 in one step. A source
// that does not compile is refused with its errors shown in place, and nothing is saved.
import { Anchor, Button, Card, Grid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { useUnsavedChanges } from '../../components/unsaved-changes-guard';
import { ProblemAlert } from '../../components/problem-alert';
import { useCreateFunctionMutation } from '../../data/functions/function-create-mutation';
import { deployProblems } from './deploy-problems';
import {
  CLAIMED_FIELDS,
  createBodyOf,
  emptyFunctionForm,
  localErrors,
  type FormField,
  type FunctionForm,
} from './function-form';
import { SettingsCard } from './settings-card';
import { SourceCard } from './source-card';
import { localTriggerProblems } from './trigger-problems';
import { TriggersCard } from './triggers-card';

export function NewFunctionPage() {
  const navigate = useNavigate();
  const create = useCreateFunctionMutation();
  const [form, setForm] = useState<FunctionForm>(emptyFunctionForm);
  const [submitted, setSubmitted] = useState<FunctionForm | null>(null);
  const [local, setLocal] = useState<Partial<Record<FormField, string>>>({});
  // The form when Deploy was last pressed: the trigger rows it refused belong to those values.
  const [checked, setChecked] = useState<FunctionForm | null>(null);
  const set = (changes: Partial<FunctionForm>) => setForm((current) => ({ ...current, ...changes }));
  const [started] = useState(form);
  const guard = useUnsavedChanges(
    JSON.stringify(form) !== JSON.stringify(started),
    form.name.trim() === '' ? 'a new function' : `the new function “${form.name.trim()}”`,
  );

  const problems = deployProblems(create.error, submitted, form, local, checked);
  const errors = problems.fields;

  const deploy = () => {
    const refused = localErrors(form, true);
    setLocal(refused);
    setChecked(form);
    if (Object.keys(refused).length > 0 || localTriggerProblems(form).length > 0) return;
    setSubmitted(form);
    create.mutate(createBodyOf(form), {
      onSuccess: (created) => {
        notifications.show({ color: 'green', message: `Function “${created.name}” deployed as version 1` });
        guard.release();
        void navigate(`/functions/${created.name}/code`);
      },
    });
  };

  return (
    <>
      <PageHeader
        title="New function"
        description={
          <Anchor component={Link} to="/functions" size="sm">
            ← All functions
          </Anchor>
        }
        actions={
          <Button onClick={deploy} loading={create.isPending}>
            Deploy
          </Button>
        }
      />
      <Stack>
        <ProblemAlert error={create.error} claimed={CLAIMED_FIELDS} title="Not deployed" />
        <Card withBorder padding="sm">
          <TextInput
            label="Name"
            description="Lower-case letters, digits, - and _; part of its URL, and it cannot change"
            placeholder="checkout"
            classNames={{ input: 'mono' }}
            required
            value={form.name}
            onChange={(event) => set({ name: event.currentTarget.value })}
            error={errors.name}
            data-autofocus
          />
        </Card>
        <SourceCard
          onSave={deploy}
          source={form.source}
          language={form.language}
          onSourceChange={(source) => set({ source })}
          onLanguageChange={(language) => set({ language })}
          errors={problems.compile}
          sourceError={errors.source}
          languageError={errors.language}
        />
        <Grid>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Stack>
              <TriggersCard
                form={form}
                set={set}
                errors={errors}
                triggerErrors={problems.triggers}
                ruleIssue={problems.rule}
              />
              <SettingsCard form={form} set={set} errors={errors} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Card withBorder padding="sm">
              <Text fw={500}>Test</Text>
              <Text size="sm" c="dimmed" mt="xs">
                Deploy the function to run it here with a request or an event of your choice.
              </Text>
            </Card>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
