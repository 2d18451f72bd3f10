// A file field in the record form: the files it holds (thumbnail or icon, name, size, remove),
// the files chosen to add with their upload progress, and a drop area over a native file input.
import { ActionIcon, Group, Input, Paper, Progress, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useId, useState, type DragEvent } from 'react';
import type { FieldDefinition, StoredFile } from '../../api';
import { formatBytes } from '../../components/byte-size';
import { useObjectUrl } from '../../data/files/file-blob-query';
import { RESUMABLE_THRESHOLD } from '../../data/files/resumable-upload';
import { maxFilesOf } from '../../field-types/file';
import { FileIcon, FileThumb } from './file-thumb';
import {
  addFiles,
  previewKind,
  thumbPreset,
  withoutAdded,
  withoutKept,
  type FileInputValue,
  type NewFile,
} from './file-values';

let keys = 0;
const newKey = () => `file-${++keys}`;

interface FileInputProps {
  field: FieldDefinition;
  value: FileInputValue;
  error?: string;
  collection: string;
  /** The record the kept files belong to. */
  recordId?: string;
  /** Upload progress (0..1) of new files, by key. */
  progress?: ReadonlyMap<string, number>;
  /** While the write is on its way nothing may change. */
  busy?: boolean;
  onChange: (value: FileInputValue) => void;
  onPreview: (file: StoredFile) => void;
}

function describe(field: FieldDefinition): string {
  const o = field.options;
  const parts = [o.multiple ? `Up to ${maxFilesOf(o)} files` : 'One file'];
  if (o.maxSize !== undefined) parts.push(`at most ${formatBytes(o.maxSize)} each`);
  if (o.mimeTypes?.length) parts.push(o.mimeTypes.join(', '));
  return parts.join(' · ');
}

export function FileInput({
  field,
  value,
  error,
  collection,
  recordId,
  progress,
  busy = false,
  onChange,
  onPreview,
}: FileInputProps) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const multiple = field.options.multiple === true;
  const count = value.kept.length + value.added.length;
  const full = multiple && count >= maxFilesOf(field.options);
  // A single field's new file takes the old one's place on save; until then the old one stays.
  const replaced = !multiple && value.added.length > 0;

  const take = (files: File[]) => {
    if (files.length === 0) return;
    const result = addFiles(field, value, files, newKey);
    setRefusal(result.refusal);
    onChange(result.value);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    take([...event.dataTransfer.files]);
  };
  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = busy || full ? 'none' : 'copy';
    setDragging(true);
  };

  return (
    <Input.Wrapper
      id={inputId}
      label={field.name}
      required={field.options.required === true}
      description={describe(field)}
      error={error ?? refusal}
    >
      <Stack gap={6} mt={4}>
        {value.kept.map((file) => (
          <Paper key={file.name} withBorder p={6} radius="sm" opacity={replaced ? 0.55 : undefined}>
            <Group gap="sm" wrap="nowrap">
              <FileThumb
                location={{ collection, recordId: recordId ?? '', name: file.name }}
                file={file}
                preset={recordId === undefined ? undefined : thumbPreset(field, file)}
                size={40}
              />
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                <UnstyledButton
                  onClick={() => onPreview(file)}
                  aria-label={`Preview ${file.originalName}`}
                  fz="sm"
                  c="indigo"
                  style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                >
                  {file.originalName}
                </UnstyledButton>
                <Text size="xs" c="dimmed">
                  {formatBytes(file.size)} · {file.type}
                  {replaced ? ' · replaced when saved' : ''}
                </Text>
              </Stack>
              <ActionIcon
                variant="subtle"
                color="red"
                disabled={busy}
                aria-label={`Remove ${file.originalName}`}
                onClick={() => {
                  setRefusal(undefined);
                  onChange(withoutKept(value, file.name));
                }}
              >
                ×
              </ActionIcon>
            </Group>
          </Paper>
        ))}
        {value.added.map((item) => (
          <NewFileRow
            key={item.key}
            item={item}
            progress={progress?.get(item.key)}
            busy={busy}
            onRemove={() => {
              setRefusal(undefined);
              onChange(withoutAdded(value, item.key));
            }}
          />
        ))}
        <label
          htmlFor={inputId}
          className="file-drop"
          data-dragging={dragging || undefined}
          data-disabled={busy || full || undefined}
          onDragEnter={onDragOver}
          onDragOver={onDragOver}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Text size="sm" c={full ? 'dimmed' : undefined}>
            {full
              ? `${count} of ${maxFilesOf(field.options)} files: remove one to add another`
              : dragging
                ? 'Drop to add'
                : multiple
                  ? 'Drop files here, or click to choose'
                  : count > 0
                    ? 'Drop a file to replace it, or click to choose'
                    : 'Drop a file here, or click to choose'}
          </Text>
          <VisuallyHidden>
            <input
              id={inputId}
              type="file"
              multiple={multiple}
              accept={field.options.mimeTypes?.join(',')}
              disabled={busy || full}
              onChange={(event) => {
                take([...(event.currentTarget.files ?? [])]);
                // The same file can be chosen again after it was removed.
                event.currentTarget.value = '';
              }}
            />
          </VisuallyHidden>
        </label>
      </Stack>
    </Input.Wrapper>
  );
}

function NewFileRow({
  item,
  progress,
  busy,
  onRemove,
}: {
  item: NewFile;
  progress: number | undefined;
  busy: boolean;
  onRemove: () => void;
}) {
  const { file } = item;
  // The browser's type comes from the name: a picture that does not decode gets the icon.
  const [broken, setBroken] = useState(false);
  const local = useObjectUrl(previewKind(file.type) === 'image' ? file : undefined);
  const resumable = file.size > RESUMABLE_THRESHOLD;
  const state =
    item.upload !== undefined
      ? 'uploaded, attached on save'
      : progress === undefined
        ? `new${resumable ? ', resumable upload' : ''}`
        : progress >= 1
          ? 'sent'
          : `uploading ${Math.floor(progress * 100)}%`;
  return (
    <Paper withBorder p={6} radius="sm" bg="indigo.0">
      <Group gap="sm" wrap="nowrap">
        {local && !broken ? (
          <img
            src={local}
            alt=""
            onError={() => setBroken(true)}
            width={40}
            height={40}
            style={{ objectFit: 'cover', borderRadius: 4, display: 'block', flex: 'none' }}
          />
        ) : (
          <FileIcon name={file.name} type={file.type} size={40} />
        )}
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" truncate>
            {file.name}
          </Text>
          <Text size="xs" c="dimmed">
            {formatBytes(file.size)} · {state}
          </Text>
          {progress !== undefined && item.upload === undefined && (
            <Progress value={progress * 100} size="sm" aria-label={`Upload of ${file.name}`} animated={progress < 1} />
          )}
        </Stack>
        <ActionIcon variant="subtle" color="red" disabled={busy} aria-label={`Remove ${file.name}`} onClick={onRemove}>
          ×
        </ActionIcon>
      </Group>
    </Paper>
  );
}
