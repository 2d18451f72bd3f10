// One function: its source in the editor with the compile errors of the last deploy in place,
// its triggers and settings, a test panel, "Deploy" (a new source is a new version), its
// invocation log and version history with restore, and deleting it.
import { Anchor, Badge, Button, Grid, Group, Menu, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api';
import { ConfirmModal } from '../../components/confirm-modal';
import { LoadingBlock } from '../../components/loading-block';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useUnsavedChanges } from '../../components/unsaved-changes-guard';
import { useDeleteFunctionMutation } from '../../data/functions/function-delete-mutation';
import { useFunctionQuery } from '../../data/functions/function-query';
import { useUpdateFunctionMutation } from '../../data/functions/function-update-mutation';
import type { FunctionView } from '../../data/functions/functions-query';
import { deployProblems } from './deploy-problems';
import {
  changesOf,
  CLAIMED_FIELDS,
  functionFormOf,
  hasChanges,
  LANGUAGES,
  localErrors,
  type FormField,
  type FunctionForm,
} from './function-form';
import { InvocationsTable } from './invocations-table';
import { SettingsCard } from './settings-card';
import { SourceCard } from './source-card';
import { TestPanel } from './test-panel';
import { localTriggerProblems } from './trigger-problems';
import { TriggersCard } from './triggers-card';
import { VersionHistory } from './version-history';

const FUNCTION_TABS = ['code', 'invocations', 'versions'] as const;
type FunctionTab = (typeof FUNCTION_TABS)[number];

const isTab = (value: string | undefined): value is FunctionTab =>
  (FUNCTION_TABS as readonly (string | undefined)[]).includes(value);

export function FunctionPage() {
  const { name = '', tab } = useParams();
  const fn = useFunctionQuery(name);

  if (fn.isPending) return <LoadingBlock label="Loading function" />;
  if (fn.isError) {
    return (
      <Stack align="flex-start">
        <ProblemAlert error={fn.error} title="Function" />
        <Anchor component={Link} to="/functions">
          All functions
        </Anchor>
      </Stack>
    );
  }
  // Keyed by name: another function starts from its own saved state.
  return <FunctionWorkspace key={name} fn={fn.data} tab={isTab(tab) ? tab : 'code'} />;
}

function FunctionWorkspace({ fn, tab }: { fn: FunctionView; tab: FunctionTab }) {
  const navigate = useNavigate();
  const update = useUpdateFunctionMutation();
  const remove = useDeleteFunctionMutation();
  const [deleting, deleteModal] = useDisclosure(false);
  const [form, setForm] = useState<FunctionForm>(() => functionFormOf(fn));
  // The saved function the form started from: when it changes underneath (a restore, another
  // admin's deploy), an untouched form follows it; edits in progress are kept.
  const [base, setBase] = useState(fn);
  if (base !== fn) {
    setBase(fn);
    if (!hasChanges(changesOf(base, form))) setForm(functionFormOf(fn));
  }
  // What the last deploy sent: its compile errors and rule problem belong to that text.
  const [submitted, setSubmitted] = useState<FunctionForm | null>(null);
  const [local, setLocal] = useState<Partial<Record<FormField, string>>>({});
  // The form when Deploy was last pressed: the trigger rows it refused belong to those values.
  const [checked, setChecked] = useState<FunctionForm | null>(null);
  const set = (changes: Partial<FunctionForm>) => setForm((current) => ({ ...current, ...changes }));

  const changes = changesOf(fn, form);
  const dirty = hasChanges(changes);
  // The form lives across the function's tabs (one route); leaving the function loses it.
  const guard = useUnsavedChanges(dirty, `the function “${fn.name}”`, `/functions/${fn.name}/`);
  const problems = deployProblems(update.error, submitted, form, local, checked);
  const errors = problems.fields;

  const deploy = () => {
    const refused = localErrors(form, false);
    setLocal(refused);
    setChecked(form);
    if (Object.keys(refused).length > 0 || localTriggerProblems(form).length > 0 || !dirty) {
      if (tab !== 'code') void navigate(`/functions/${fn.name}/code`);
      return;
    }
    setSubmitted(form);
    const previous = fn.version.number;
    update.mutate(
      { name: fn.name, changes },
      {
        onSuccess: (updated) => {
          setForm(functionFormOf(updated));
          notifications.show({
            color: 'green',
            message:
              updated.version.number === previous
                ? `Function “${fn.name}” saved`
                : `Function “${fn.name}” deployed as version ${updated.version.number}`,
          });
        },
        onError: (error) => {
          // The problems show in the code tab, at their inputs.
          if (error instanceof ApiError && tab !== 'code') void navigate(`/functions/${fn.name}/code`);
        },
      },
    );
  };

  const discard = () =>
    guard.confirmDiscard(() => {
      setForm(functionFormOf(fn));
      setLocal({});
      setChecked(null);
      update.reset();
    });

  return (
    <>
      <PageHeader
        documentTitle={`${fn.name} · Function`}
        title={
          <Group gap="xs" component="span">
            {fn.name}
            <Badge variant="light" size="lg" aria-label={`Deployed version ${fn.version.number}`}>
              v{fn.version.number}
            </Badge>
          </Group>
        }
        description={
          <>
            <Anchor component={Link} to="/functions" size="sm">
              ← All functions
            </Anchor>
            {fn.description && <> · {fn.description}</>}
          </>
        }
        actions={
          <>
            {dirty && (
              <Badge color="yellow" variant="light">
                Unsaved changes
              </Badge>
            )}
            {dirty && (
              <Button variant="default" onClick={discard}>
                Discard changes
              </Button>
            )}
            <Button onClick={deploy} loading={update.isPending} disabled={!dirty}>
              Deploy
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" aria-label="Function actions">
                  ⋯
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" onClick={deleteModal.open}>
                  Delete function…
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        }
      />
      <Tabs
        value={tab}
        onChange={(value) => value && void navigate(`/functions/${fn.name}/${value}`)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="code">Code</Tabs.Tab>
          <Tabs.Tab value="invocations">Invocations</Tabs.Tab>
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="code">
          <Stack>
            <ProblemAlert error={update.error} claimed={CLAIMED_FIELDS} title="Not deployed" />
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
                    name={fn.name}
                  />
                  <SettingsCard form={form} set={set} errors={errors} />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <TestPanel name={fn.name} version={fn.version.number} dirty={dirty} triggers={fn.triggers} />
              </Grid.Col>
            </Grid>
            <Text size="xs" c="dimmed">
              {LANGUAGES.find((item) => item.value === fn.version.language)?.label} · deployed version{' '}
              {fn.version.number}
              {fn.version.restored_from !== null && ` (restored from version ${fn.version.restored_from})`}
            </Text>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="invocations">
          <InvocationsTable name={fn.name} />
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <VersionHistory
            fn={fn}
            dirty={dirty}
            onRestored={(restored) => {
              setForm(functionFormOf(restored));
              setLocal({});
              setChecked(null);
              update.reset();
            }}
          />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal
        opened={deleting}
        onClose={deleteModal.close}
        title={`Delete “${fn.name}”?`}
        confirmLabel="Delete function"
        loading={remove.isPending}
        onConfirm={() =>
          remove.mutate(fn.name, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: `Function “${fn.name}” deleted` });
              deleteModal.close();
              guard.release();
              void navigate('/functions');
            },
          })
        }
      >
        Its triggers stop running it, and its versions and invocation log are deleted. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
