// The schema designer: a draft of the collection's fields to add to, edit, remove and reorder,
// saved in one request (one schema change) after a review of the planned SQL and of what gets
// renamed or dropped. An unsaved draft is guarded against navigation, reload and a careless Discard.
import { ActionIcon, Badge, Button, Card, Code, EmptyState, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, type ChangeResponse, type CollectionDefinition, type FieldOptions, type FieldType } from '../../api';
import { useUnsavedChanges } from '../../components/unsaved-changes-guard';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import { fieldTypeUi } from '../../field-types';
import { FieldEditor } from './field-editor';
import { optionBadges } from './option-badges';
import { draftFromFields, planSchemaChanges, sameOptions, type DraftField } from './plan-changes';
import { ReviewChangesModal } from './review-changes-modal';

let temporaryKeys = 0;
const newKey = () => `new-${++temporaryKeys}`;

function fieldStatus(
  field: DraftField,
  saved: CollectionDefinition['fields'],
): { label: string; color: string } | undefined {
  if (!field.savedId) return { label: 'new', color: 'green' };
  const before = saved.find((item) => item.id === field.savedId);
  if (!before) return undefined;
  if (before.name !== field.name) return { label: `renamed from ${before.name}`, color: 'yellow' };
  if (before.type !== field.type || !sameOptions(before.options, field.options))
    return { label: 'changed', color: 'blue' };
  return undefined;
}

export function SchemaDesigner({ collection }: { collection: CollectionDefinition }) {
  const collections = useCollectionsQuery();
  const [draft, setDraft] = useState<DraftField[]>(() => draftFromFields(collection.fields));
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  // Problems the server found, per draft field key, as the field editor names its inputs.
  const [fieldErrors, setFieldErrors] = useState<Record<string, Record<string, string>>>({});
  const [reviewing, review] = useDisclosure(false);

  const plan = useMemo(() => planSchemaChanges(collection.fields, draft), [collection.fields, draft]);
  const dirty = plan.changes > 0;
  const changesText = `${plan.changes} unsaved change${plan.changes === 1 ? '' : 's'}`;
  const guard = useUnsavedChanges(dirty, `the schema of ${collection.name} (${changesText})`);
  const dropped = collection.fields.filter((field) => !draft.some((item) => item.savedId === field.id));

  // The saved schema changed (after a save, or elsewhere): start over from it unless mid-edit.
  useEffect(() => {
    setDraft((current) =>
      planSchemaChanges(collection.fields, current).changes === 0 ? draftFromFields(collection.fields) : current,
    );
  }, [collection.fields]);

  const editingField = editing && editing !== 'new' ? draft.find((field) => field.key === editing) : undefined;
  const otherNames = draft.filter((field) => field.key !== editing).map((field) => field.name);

  const saveField = (value: { name: string; type: FieldType; options: FieldOptions }) => {
    if (editing === 'new') {
      setDraft((current) => [...current, { key: newKey(), system: false, ...value }]);
    } else if (editing) {
      setDraft((current) => current.map((field) => (field.key === editing ? { ...field, ...value } : field)));
      setFieldErrors(({ [editing]: _cleared, ...rest }) => rest);
    }
    setEditing(null);
  };
  const move = (index: number, by: -1 | 1) =>
    setDraft((current) => {
      const next = [...current];
      const [field] = next.splice(index, 1);
      if (field) next.splice(index + by, 0, field);
      return next;
    });
  const remove = (key: string) => setDraft((current) => current.filter((field) => field.key !== key));
  const restore = (id: string) => {
    const field = collection.fields.find((item) => item.id === id);
    if (field) setDraft((current) => [...current, ...draftFromFields([field])]);
  };
  const discard = () => {
    setDraft(draftFromFields(collection.fields));
    setFieldErrors({});
  };

  const onApplied = (result: ChangeResponse<CollectionDefinition>) => {
    review.close();
    setFieldErrors({});
    setDraft(draftFromFields(result.data.fields));
    notifications.show({
      color: 'green',
      message: `Schema of “${collection.name}” saved (${plan.changes} change${plan.changes === 1 ? '' : 's'})`,
    });
  };
  const onFailed = (error: unknown) => {
    // The request listed the draft in its order, so `fields[3].options.min` is draft field 3.
    const problems = error instanceof ApiError ? error.fieldProblems : [];
    const errors: Record<string, Record<string, string>> = {};
    for (const problem of problems) {
      const match = /^fields\[(\d+)\]\.?(.*)$/.exec(problem.field);
      const field = match ? draft[Number(match[1])] : undefined;
      if (!match || !field) continue;
      errors[field.key] = { ...errors[field.key], [match[2] ?? '']: problem.message };
    }
    setFieldErrors(errors);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Every collection also has <Code>id</Code>, <Code>created_at</Code>, <Code>updated_at</Code>,{' '}
          <Code>created_by</Code> and <Code>version</Code>.
        </Text>
        <Button onClick={() => setEditing('new')} variant="light">
          Add field
        </Button>
      </Group>

      {draft.length === 0 ? (
        <Card withBorder>
          <EmptyState title="No fields yet" description="Add the fields records of this collection will have.">
            <EmptyState.Actions>
              <Button onClick={() => setEditing('new')}>Add the first field</Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      ) : (
        <Stack gap={6} component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Fields">
          {draft.map((field, index) => {
            const status = fieldStatus(field, collection.fields);
            const hasErrors = fieldErrors[field.key] !== undefined;
            return (
              <Paper
                component="li"
                key={field.key}
                withBorder
                p="xs"
                bg={hasErrors ? 'red.0' : undefined}
                aria-label={`Field ${field.name}`}
              >
                <Group justify="space-between" wrap="nowrap" align="center">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <Text ff="monospace" fw={600} size="sm">
                        {field.name}
                      </Text>
                      <Badge variant="outline" color="gray" size="sm">
                        {fieldTypeUi(field.type).label}
                      </Badge>
                      {field.system && (
                        <Badge color="gray" variant="light" size="sm">
                          system
                        </Badge>
                      )}
                      {status && (
                        <Badge color={status.color} variant="light" size="sm">
                          {status.label}
                        </Badge>
                      )}
                      {hasErrors && (
                        <Badge color="red" size="sm">
                          has errors
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" truncate>
                      {optionBadges(field).join(' · ') || 'no options'}
                    </Text>
                  </Stack>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label="Move up">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${field.name} up`}
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                      >
                        ↑
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Move down">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${field.name} down`}
                        disabled={index === draft.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        ↓
                      </ActionIcon>
                    </Tooltip>
                    <Button
                      size="xs"
                      variant="default"
                      disabled={field.system}
                      onClick={() => setEditing(field.key)}
                      aria-label={`Edit ${field.name}`}
                    >
                      Edit
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      disabled={field.system}
                      onClick={() => remove(field.key)}
                      aria-label={`Remove ${field.name}`}
                    >
                      Remove
                    </Button>
                  </Group>
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}

      {dropped.length > 0 && (
        <Paper withBorder p="xs" bg="red.0">
          <Text size="sm" fw={500} mb={4}>
            To be dropped on save
          </Text>
          <Group gap="xs">
            {dropped.map((field) => (
              <Button
                key={field.id}
                size="xs"
                variant="default"
                onClick={() => restore(field.id)}
                aria-label={`Restore ${field.name}`}
              >
                <Text span td="line-through" ff="monospace" size="xs" mr={6}>
                  {field.name}
                </Text>
                restore
              </Button>
            ))}
          </Group>
        </Paper>
      )}

      <Paper withBorder p="sm" pos="sticky" bottom={8} shadow={dirty ? 'sm' : undefined} style={{ zIndex: 2 }}>
        <Group justify="space-between">
          <Text size="sm" c={dirty ? undefined : 'dimmed'} role="status">
            {dirty ? changesText : 'No unsaved changes'}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              disabled={!dirty}
              onClick={() =>
                // One change is one click to redo; more are worth a question.
                plan.changes > 1
                  ? guard.confirmDiscard(discard, {
                      title: 'Discard the draft?',
                      message: `The draft's ${plan.changes} changes to ${collection.name} are not saved and will be lost.`,
                      confirmLabel: `Discard ${plan.changes} changes`,
                    })
                  : discard()
              }
            >
              Discard
            </Button>
            <Button disabled={!dirty} onClick={review.open}>
              Review and save
            </Button>
          </Group>
        </Group>
      </Paper>

      <FieldEditor
        opened={editing !== null}
        field={editingField}
        collection={collection}
        collections={collections.data ?? [collection]}
        otherNames={otherNames}
        serverErrors={editing && editing !== 'new' ? fieldErrors[editing] : undefined}
        onClose={() => setEditing(null)}
        onSave={saveField}
      />
      <ReviewChangesModal
        opened={reviewing}
        collection={collection.name}
        plan={plan}
        onClose={review.close}
        onApplied={onApplied}
        onFailed={onFailed}
      />
    </Stack>
  );
}
