// How a value shows in a table cell, by field type.
import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import type { FieldDefinition, RecordData, StoredFile } from '../../api';
import { formatDateTime, shortId } from '../../components/format';
import { recordLabel } from './display-field';
import type { PreviewedFile } from './file-preview-modal';
import { FileThumb } from './file-thumb';
import { filesOf, thumbPreset } from './file-values';

/** Files shown in a cell before "+N". */
const CELL_FILES = 3;

export function CellValue({
  field,
  record,
  displayField,
  collection,
  onOpenFile,
}: {
  field: FieldDefinition;
  record: RecordData;
  displayField: string | null;
  /** The collection the record is in: file cells fetch their thumbnails from it. */
  collection: string;
  onOpenFile?: (file: PreviewedFile) => void;
}) {
  const value = record[field.name];
  if (value === null || value === undefined) {
    return (
      <Text span c="dimmed" size="sm">
        —
      </Text>
    );
  }
  switch (field.type) {
    case 'boolean':
      return (
        <Badge size="sm" variant="light" color={value ? 'green' : 'gray'}>
          {value ? 'true' : 'false'}
        </Badge>
      );
    case 'select':
      return (
        <Badge size="sm" variant="light">
          {String(value)}
        </Badge>
      );
    case 'multi_select':
      return (
        <Group gap={4} wrap="nowrap">
          {(value as string[]).map((item) => (
            <Badge key={item} size="sm" variant="light">
              {item}
            </Badge>
          ))}
        </Group>
      );
    case 'datetime':
      return <>{formatDateTime(String(value))}</>;
    case 'json':
      return (
        <Text span ff="monospace" size="xs">
          {JSON.stringify(value)}
        </Text>
      );
    case 'relation': {
      const expanded = record.expand?.[field.name];
      if (expanded && !Array.isArray(expanded)) return <>{recordLabel(expanded, displayField)}</>;
      if (Array.isArray(value)) return <>{value.length} linked</>;
      return (
        <Text span ff="monospace" size="xs">
          {shortId(String(value))}
        </Text>
      );
    }
    case 'file':
      return <FileCell field={field} record={record} collection={collection} onOpen={onOpenFile} />;
    default:
      return <>{String(value)}</>;
  }
}

/** Thumbnails of images (the field's first preset), names of other files; each opens the preview. */
function FileCell({
  field,
  record,
  collection,
  onOpen,
}: {
  field: FieldDefinition;
  record: RecordData;
  collection: string;
  onOpen?: (file: PreviewedFile) => void;
}) {
  const files = filesOf(record[field.name]);
  if (files.length === 0) {
    return (
      <Text span c="dimmed" size="sm">
        —
      </Text>
    );
  }
  const open = (file: StoredFile) => onOpen?.({ location: { collection, recordId: record.id, name: file.name }, file });
  return (
    <Group gap={4} wrap="nowrap">
      {files.slice(0, CELL_FILES).map((file) => {
        const preset = thumbPreset(field, file);
        return (
          <UnstyledButton
            key={file.name}
            aria-label={`Preview ${file.originalName}`}
            title={file.originalName}
            onClick={(event) => {
              event.stopPropagation();
              open(file);
            }}
          >
            {preset === undefined ? (
              <Badge size="sm" variant="outline" color="gray" tt="none" maw={160}>
                {file.originalName}
              </Badge>
            ) : (
              <FileThumb
                location={{ collection, recordId: record.id, name: file.name }}
                file={file}
                preset={preset}
                size={28}
              />
            )}
          </UnstyledButton>
        );
      })}
      {files.length > CELL_FILES && (
        <Text span size="xs" c="dimmed">
          +{files.length - CELL_FILES}
        </Text>
      )}
    </Group>
  );
}
