// Creates or edits one record in a drawer. Edits are conditional on the version the form was
// filled from: if someone else saved meanwhile the API answers 412, and the form says so.
// New files ride in the write as multipart parts; big ones go ahead over tus (resumable) and
// the write references their uploads. Both show their progress at the file.
// A changed form asks before Escape, Cancel, the close button or leaving the page drop it; the
// delete confirmation says what happens to the records that refer to this one.
import { Alert, Button, Code, Drawer, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage, fieldErrors, type CollectionDefinition, type RecordData } from '../../api';
import { ConfirmModal } from '../../components/confirm-modal';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import { useUnsavedChanges } from '../../components/unsaved-changes-guard';
import { useCreateRecordMutation } from '../../data/records/record-create-mutation';
import { useDeleteRecordMutation } from '../../data/records/record-delete-mutation';
import { useRecordQuery } from '../../data/records/record-query';
import { useUpdateRecordMutation } from '../../data/records/record-update-mutation';
import type { RecordWrite } from '../../data/records/record-write';
import { RESUMABLE_THRESHOLD, uploadResumable } from '../../data/files/resumable-upload';
import { DeleteEffectsNotice } from './delete-effects-notice';
import { FilePreviewModal, type PreviewedFile } from './file-preview-modal';
import { fileRefusals, isFileInput, partProgress, pendingResumable, withUpload } from './file-values';
import { changedInputs } from './form-changes';
import { RecordInput } from './record-input';
import { defaultInputValue, isWritable, recordWrite, toInputValue, type InputValue } from './record-values';
import { RelatedRecords } from './related-records';

interface RecordFormProps {
  collection: CollectionDefinition;
  collections: readonly CollectionDefinition[];
  /** A record id to edit, 'new' to create, null when closed. */
  target: string | null;
  /** The latest version of records changed elsewhere while the console is open (live updates). */
  remoteVersions?: ReadonlyMap<string, number | 'deleted'>;
  onClose: () => void;
}

/** What the form inside the drawer needs beyond the drawer's props. */
interface FormHooks {
  /** Closes after the person agreed to lose changes, if there are any (Cancel, Escape, ×). */
  onCancel: () => void;
  onDirtyChange: (dirty: boolean) => void;
}

export function RecordDrawer(props: RecordFormProps) {
  const { collection, target, onClose } = props;
  const title = target === 'new' ? `New ${collection.name} record` : `Edit ${collection.name} record`;
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedChanges(
    dirty && target !== null,
    target === 'new' ? `a new record in ${collection.name}` : `a record in ${collection.name}`,
  );
  const close = useCallback(() => {
    setDirty(false);
    onClose();
  }, [onClose]);
  const cancel = () =>
    guard.confirmDiscard(close, {
      title: 'Close without saving?',
      message: 'Your changes to this record are not saved and will be lost.',
      confirmLabel: 'Discard changes',
    });
  const hooks: FormHooks = { onCancel: cancel, onDirtyChange: setDirty };
  return (
    <Drawer opened={target !== null} onClose={cancel} title={title} position="right" size="lg">
      {target === 'new' && <RecordForm {...props} {...hooks} onClose={close} record={undefined} />}
      {target !== null && target !== 'new' && <EditRecord {...props} {...hooks} onClose={close} id={target} />}
    </Drawer>
  );
}

function EditRecord(props: RecordFormProps & FormHooks & { id: string }) {
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
  onCancel,
  onDirtyChange,
}: RecordFormProps & FormHooks & { record: RecordData | undefined; reload?: () => void }) {
  const remote = record ? remoteVersions?.get(record.id) : undefined;
  const changedElsewhere =
    record !== undefined && remote !== undefined && (remote === 'deleted' || remote > record.version);
  const initial = useMemo(() => (record ? inputsOf(collection, record) : undefined), [collection, record]);
  const start = useMemo(() => inputsOf(collection, record), [collection, record]);
  const [inputs, setInputs] = useState<Record<string, InputValue>>(start);
  const dirty = changedInputs(start, inputs).length > 0;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange(false), [onDirtyChange]);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [progress, setProgress] = useState<ReadonlyMap<string, number>>(new Map());
  const [uploading, setUploading] = useState(false);
  const [previewed, setPreviewed] = useState<PreviewedFile | null>(null);
  // Uploads stop when the form goes away (the drawer closed).
  const stop = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    stop.current = controller;
    return () => controller.abort();
  }, []);
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
  const oneToMany = collection.fields.filter(
    (field) => field.type === 'relation' && field.options.kind === 'one_to_many' && !field.options.hidden,
  );
  const fileFields = fields.filter((field) => field.type === 'file').map((field) => field.name);
  const serverErrors = { ...fieldErrors(mutation.error), ...fileRefusals(mutation.error, fileFields) };
  const errors = { ...serverErrors, ...localErrors };
  const busy = uploading || mutation.isPending;

  const showProgress = (updates: [string, number][]) =>
    setProgress((current) => {
      const next = new Map(current);
      for (const [key, fraction] of updates) next.set(key, fraction);
      return next;
    });

  /**
   * Sends the big new files over tus, one after the other; each finished upload is remembered in
   * the inputs, so a write that fails and is tried again does not send it twice. A failed upload
   * stops there, its problem shown at its field.
   */
  const uploadBigFiles = async (
    start: Record<string, InputValue>,
  ): Promise<{ inputs: Record<string, InputValue>; errors: Record<string, string> }> => {
    let current = start;
    for (const field of fields) {
      const input = current[field.name];
      if (field.type !== 'file' || !isFileInput(input)) continue;
      for (const item of pendingResumable(input, RESUMABLE_THRESHOLD)) {
        try {
          const upload = await uploadResumable({
            collection: collection.name,
            field: field.name,
            file: item.file,
            signal: stop.current?.signal,
            onProgress: (sent, total) => showProgress([[item.key, total > 0 ? sent / total : 0]]),
          });
          const held = current[field.name];
          if (!isFileInput(held)) continue;
          current = { ...current, [field.name]: withUpload(held, item.key, upload) };
          setInputs((latest) => {
            const value = latest[field.name];
            return isFileInput(value) ? { ...latest, [field.name]: withUpload(value, item.key, upload) } : latest;
          });
        } catch (error) {
          showProgress([[item.key, 0]]);
          return { inputs: current, errors: { [field.name]: errorMessage(error) } };
        }
      }
    }
    return { inputs: current, errors: {} };
  };

  // Awaited rather than given per-call callbacks: a save refetches the record, and the effect
  // above then resets `update`, which would drop a per-call onSuccess and leave the drawer open.
  // A failure needs nothing here: the form shows it from the mutation's error.
  const submit = async (event: FormEvent, overwrite = false) => {
    event.preventDefault();
    const checked = recordWrite(fields, inputs, initial);
    setLocalErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    mutation.reset();
    setProgress(new Map());
    setUploading(true);
    const uploaded = await uploadBigFiles(inputs).finally(() => setUploading(false));
    setLocalErrors(uploaded.errors);
    if (Object.keys(uploaded.errors).length > 0) return;
    const { body, files } = recordWrite(fields, uploaded.inputs, initial);
    const write: RecordWrite = {
      values: body,
      files: files.map(({ field, file }) => ({ field, file })),
      signal: stop.current?.signal,
      onProgress: (loaded, total) => {
        const fractions = partProgress(
          loaded,
          total,
          files.map((part) => part.file.size),
        );
        showProgress(files.map((part, index) => [part.key, fractions[index] ?? 0]));
      },
    };
    if (!record) {
      const created = await create.mutateAsync(write).catch(() => undefined);
      if (!created) {
        setProgress(new Map());
        return;
      }
      notifications.show({ color: 'green', message: `Record ${created.id} created` });
      onClose();
      return;
    }
    if (Object.keys(body).length > 0 || files.length > 0) {
      const values = { ...write, id: record.id, version: overwrite ? undefined : record.version };
      if (!(await update.mutateAsync(values).catch(() => undefined))) {
        setProgress(new Map());
        return;
      }
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
            files={{
              collection: collection.name,
              recordId: record?.id,
              progress,
              busy,
              onPreview: (file) =>
                record &&
                setPreviewed({ location: { collection: collection.name, recordId: record.id, name: file.name }, file }),
            }}
          />
        ))}
        {record &&
          oneToMany.map((field) => (
            <RelatedRecords key={field.id} field={field} recordId={record.id} collections={collections} />
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
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {record ? 'Save changes' : 'Create record'}
            </Button>
          </Group>
        </Group>
      </Stack>
      <FilePreviewModal previewed={previewed} onClose={() => setPreviewed(null)} />
      {record && (
        <ConfirmModal
          opened={confirmDelete}
          onClose={() => setConfirmDelete(false)}
          title="Delete this record?"
          confirmLabel="Delete record"
          loading={remove.isPending}
          onConfirm={() =>
            // Awaited, as in submit: the delete refetches this record (now a 404), which unmounts
            // the form before a per-call onSuccess could close the drawer.
            void remove
              .mutateAsync({ id: record.id, version: record.version })
              .then(() => {
                setConfirmDelete(false);
                notifications.show({ color: 'green', message: 'Record deleted' });
                onClose();
              })
              .catch(() => undefined)
          }
        >
          <Stack gap="xs">
            <Text size="sm">{`Record ${record.id} is deleted for good.`}</Text>
            <DeleteEffectsNotice
              collection={collection.name}
              collections={collections}
              ids={[record.id]}
              deleteError={remove.error}
            />
          </Stack>
        </ConfirmModal>
      )}
    </form>
  );
}
