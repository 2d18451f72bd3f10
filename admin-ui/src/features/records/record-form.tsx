// Creates or edits one record in a drawer. Edits are conditional on the version the form was
// filled from: if someone else saved meanwhile the API answers 412, and the form says so.
import { Alert, Button, Code, Drawer, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, fieldErrors, type CollectionDefinition, type RecordData } from '../../api';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import { useCreateRecordMutation } from '../../data/records/record-create-mutation';
import { useDeleteRecordMutation } from '../../data/records/record-delete-mutation';
import { useRecordQuery } from '../../data/records/record-query';
import { useUpdateRecordMutation } from '../../data/records/record-update-mutation';
import { RecordInput } from './record-input';
import { defaultInputValue, isWritable, recordBody, toInputValue, type InputValue } from './record-values';

interface RecordFormProps {
  collection: CollectionDefinition;
  collections: readonly CollectionDefinition[];
  /** A record id to edit, 'new' to create, null when closed. */
  target: string | null;
  /** The latest version of records changed elsewhere while the console is open (live updates). */
  remoteVersions?: ReadonlyMap<string, number | 'deleted'>;
  onClose: () => void;
}

export function RecordDrawer(props: RecordFormProps) {
  const title = props.target === 'new' ? `New ${props.collection.name} record` : `Edit ${props.collection.name} record`;
  return (
    <Drawer opened={props.target !== null} onClose={props.onClose} title={title} position="right" size="lg">
      {props.target === 'new' && <RecordForm {...props} record={undefined} />}
      {props.target !== null && props.target !== 'new' && <EditRecord {...props} id={props.target} />}
    </Drawer>
  );
}

function EditRecord(props: RecordFormProps & { id: string }) {
  const expand = relationNames(props.collection).join(',');
  const record = useRecordQuery(props.collection.name, props.id, expand);
  if (record.isPending) return <Loader aria-label="Loading record" />;
  if (record.isError) return <ProblemAlert error={record.error} />;
  return <RecordForm {...props} record={record.data} reload={() => void record.refetch()} />;
}

function relationNames(collection: CollectionDefinition): string[] {
  return collection.fields
    .filter((field) => field.type === 'relation' && field.options.kind !== 'one_to_many')
    .map((field) => field.name);
}

function inputsOf(collection: CollectionDefinition, record: RecordData | undefined): Record<string, InputValue> {
  return Object.fromEntries(
    collection.fields.map((field) => [
      field.name,
      record ? toInputValue(field, record[field.name]) : defaultInputValue(field),
    ]),
  );
}

function RecordForm({
  collection,
  collections,
  record,
  reload,
  remoteVersions,
  onClose,
}: RecordFormProps & { record: RecordData | undefined; reload?: () => void }) {
  const remote = record ? remoteVersions?.get(record.id) : undefined;
  const changedElsewhere =
    record !== undefined && remote !== undefined && (remote === 'deleted' || remote > record.version);
  const initial = useMemo(() => (record ? inputsOf(collection, record) : undefined), [collection, record]);
  const [inputs, setInputs] = useState<Record<string, InputValue>>(() => inputsOf(collection, record));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const create = useCreateRecordMutation(collection.name);
  const update = useUpdateRecordMutation(collection.name);
  const remove = useDeleteRecordMutation(collection.name);
  const mutation = record ? update : create;
  const conflict = update.error instanceof ApiError && update.error.status === 412;

  // A reload after a conflict brings the latest version: show it.
  useEffect(() => {
    setInputs(inputsOf(collection, record));
    update.reset();
  }, [record]);

  const fields = collection.fields.filter((field) => isWritable(field) && !field.options.hidden);
  const serverErrors = fieldErrors(mutation.error);
  const errors = { ...serverErrors, ...localErrors };

  // Awaited rather than given per-call callbacks: a save refetches the record, and the effect
  // above then resets `update`, which would drop a per-call onSuccess and leave the drawer open.
  // A failure needs nothing here: the form shows it from the mutation's error.
  const submit = async (event: FormEvent, overwrite = false) => {
    event.preventDefault();
    const { body, errors: problems } = recordBody(fields, inputs, initial);
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (!record) {
      const created = await create.mutateAsync(body).catch(() => undefined);
      if (!created) return;
      notifications.show({ color: 'green', message: `Record ${created.id} created` });
      onClose();
      return;
    }
    if (Object.keys(body).length > 0) {
      const values = { id: record.id, values: body, version: overwrite ? undefined : record.version };
      if (!(await update.mutateAsync(values).catch(() => undefined))) return;
      notifications.show({ color: 'green', message: 'Record saved' });
    }
    onClose();
  };

  const known = (name: string): RecordData[] | undefined => {
    const value = record?.expand?.[name];
    if (!value) return undefined;
    return Array.isArray(value) ? value : [value];
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={record ? 'Edit record' : 'New record'}>
      <Stack>
        {record && (
          <Text size="xs" c="dimmed">
            <Code>{record.id}</Code> · version {record.version} · updated {formatDateTime(record.updated_at)}
          </Text>
        )}
        {changedElsewhere && !conflict && (
          <Alert color="yellow" title="Changed elsewhere" role="status">
            {remote === 'deleted' ? (
              <Text size="sm">This record was deleted after you opened it.</Text>
            ) : (
              <Group justify="space-between" gap="xs">
                <Text size="sm">
                  Version {remote} was saved after you opened version {record.version}.
                </Text>
                <Button size="xs" variant="default" onClick={reload}>
                  Load the latest version
                </Button>
              </Group>
            )}
          </Alert>
        )}
        {conflict && (
          <Alert color="orange" title="Someone else changed this record" role="alert">
            <Text size="sm">
              It was saved by someone else after you opened it (you have version {record?.version}). Load the latest
              version to see their changes, or overwrite them with yours.
            </Text>
            <Group mt="sm" gap="xs">
              <Button size="xs" variant="default" onClick={reload}>
                Load the latest version
              </Button>
              <Button size="xs" color="orange" onClick={(event) => void submit(event, true)}>
                Overwrite with my changes
              </Button>
            </Group>
          </Alert>
        )}
        {fields.length === 0 && <Text c="dimmed">This collection has no writable fields yet: add some in Schema.</Text>}
        {fields.map((field) => (
          <RecordInput
            key={field.id}
            field={field}
            value={inputs[field.name] ?? ''}
            error={errors[field.name]}
            collections={collections}
            editing={record !== undefined}
            known={known(field.name)}
            onChange={(value) => setInputs((current) => ({ ...current, [field.name]: value }))}
          />
        ))}
        {!conflict && <ProblemAlert error={mutation.error} claimed={fields.map((field) => field.name)} />}
        <Group justify="space-between">
          {record ? (
            <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
              Delete record
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {record ? 'Save changes' : 'Create record'}
            </Button>
          </Group>
        </Group>
      </Stack>
      {record && (
        <ConfirmModal
          opened={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title="Delete this record?"
          confirmLabel="Delete record"
          loading={remove.isPending}
          onConfirm={() =>
            remove.mutate(
              { id: record.id, version: record.version },
              {
                onSuccess: () => {
                  setConfirmDelete(false);
                  notifications.show({ color: 'green', message: 'Record deleted' });
                  onClose();
                },
              },
            )
          }
        >
          {`Record ${record.id} is deleted for good.`}
        </ConfirmModal>
      )}
    </form>
  );
}
