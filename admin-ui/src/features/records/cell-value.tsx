// How a value shows in a table cell, by field type, and the full value for the cell's tooltip
// (a cell shows what fits; hovering shows the rest).
import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import type { FieldDefinition, RecordData, StoredFile } from '../../api';
import { formatDateTime } from '../../components/format';
import { recordLabel } from './display-field';
import type { PreviewedFile } from './file-preview-modal';
import { FileThumb } from './file-thumb';
import { filesOf, thumbPreset } from './file-values';

/** Files shown in a cell before "+N". */
const CELL_FILES = 3;
/** Pills of a multi-select shown before "+N" (all of them are in the tooltip). */
const CELL_PILLS = 3;

/**
 * The end of an id: UUIDv7 ids begin with their creation time, so records made within the same
 * minute share their first characters; the last ones are random and tell them apart.
 */
export function idTail(id: string): string {
  return id.length > 12 ? `…${id.slice(-12)}` : id;
}

function relatedLabels(record: RecordData, field: FieldDefinition, displayField: string | null): string[] | null {
  const expanded = record.expand?.[field.name];
  if (expanded === undefined || expanded === null) return null;
  return (Array.isArray(expanded) ? expanded : [expanded]).map((item) => recordLabel(item, displayField));
}

/** The whole value as text, for the cell's title. */
export function cellTitle(field: FieldDefinition, record: RecordData, displayField: string | null): string {
  const value = record[field.name];
  if (field.type === 'relation') {
    const labels = relatedLabels(record, field, displayField);
    if (labels !== null) return labels.join(', ');
  }
  if (value === null || value === undefined) return '';
  switch (field.type) {
    case 'multi_select':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'json':
      return JSON.stringify(value, null, 2);
    case 'datetime':
      return String(value);
    case 'file':
      return Array.isArray(value) ? `${value.length} file${value.length === 1 ? '' : 's'}` : 'file';
    default:
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
}

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
  if (field.type === 'relation' && field.options.kind === 'one_to_many') {
    return <RelatedList labels={relatedLabels(record, field, displayField) ?? []} />;
  }
  // Plain spans styled in records-grid.css: a grid scrolled by a page draws hundreds of these
  // per frame, and Mantine's Badge and Text cost several times more to render.
  if (value === null || value === undefined) return <span className="cell-empty">—</span>;
  switch (field.type) {
    case 'boolean':
      return (
        <span className="cell-badge cell-boolean" data-color={value ? 'green' : 'gray'}>
          {value ? 'true' : 'false'}
        </span>
      );
    case 'select':
      return <span className="cell-badge">{String(value)}</span>;
    case 'multi_select': {
      const items = (value as string[]).map(String);
      return (
        <span className="cell-pills">
          {items.slice(0, CELL_PILLS).map((item) => (
            <span key={item} className="cell-badge cell-pill">
              {item}
            </span>
          ))}
          {items.length > CELL_PILLS && (
            <span className="cell-more" aria-label={`and ${items.length - CELL_PILLS} more`}>
              +{items.length - CELL_PILLS}
            </span>
          )}
        </span>
      );
    }
    case 'datetime':
      return <>{formatDateTime(String(value))}</>;
    case 'json':
      return <span className="cell-code">{JSON.stringify(value)}</span>;
    case 'relation': {
      const labels = relatedLabels(record, field, displayField);
      if (Array.isArray(value)) return <RelatedList labels={labels ?? value.map((id) => idTail(String(id)))} />;
      if (labels !== null && labels.length === 1) return <>{labels[0]}</>;
      return <span className="cell-code">{idTail(String(value))}</span>;
    }
    case 'file':
      return <FileCell field={field} record={record} collection={collection} onOpen={onOpenFile} />;
    default:
      return <>{String(value)}</>;
  }
}

/** A to-many relation: how many, then the names that fit. */
function RelatedList({ labels }: { labels: readonly string[] }) {
  if (labels.length === 0) {
    return (
      <Text span c="dimmed" size="sm">
        none
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" variant="outline" color="gray" circle={labels.length < 10}>
        {labels.length}
      </Badge>
      <Text span size="sm" truncate>
        {labels.join(', ')}
      </Text>
    </Group>
  );
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
