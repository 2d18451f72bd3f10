// How a value shows in a table cell, by field type.
import { Badge, Group, Text } from '@mantine/core';
import type { FieldDefinition, RecordData } from '../../api';
import { formatDateTime, shortId } from '../../components/format';
import { recordLabel } from './display-field';

export function CellValue({
  field,
  record,
  displayField,
}: {
  field: FieldDefinition;
  record: RecordData;
  displayField: string | null;
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
    default:
      return <>{String(value)}</>;
  }
}
