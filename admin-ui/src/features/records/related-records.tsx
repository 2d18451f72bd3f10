// The one-to-many side of a relation in the form of the record it belongs to: read-only (it is
// written through the other collection's field), with the count, the first names and a link to
// the other collection filtered to them.
import { Anchor, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { errorMessage, type CollectionDefinition, type FieldDefinition } from '../../api';
import { RELATED_SHOWN, relatedFilter, useRelatedRecordsQuery } from '../../data/records/related-records-query';
import { displayFieldOf, recordLabel } from './display-field';

interface RelatedRecordsProps {
  field: FieldDefinition;
  recordId: string;
  collections: readonly CollectionDefinition[];
}

export function RelatedRecords({ field, recordId, collections }: RelatedRecordsProps) {
  const target = field.options.target ?? '';
  const via = field.options.via ?? '';
  const display = displayFieldOf(collections.find((item) => item.name === target));
  const related = useRelatedRecordsQuery(target, via, recordId, display);
  const labelId = `related-${field.name}`;
  const total = related.data?.meta.total ?? related.data?.data.length ?? 0;
  const link = `/collections/${target}/records?filter=${encodeURIComponent(relatedFilter(via, recordId))}`;

  return (
    <Stack gap={4} role="group" aria-labelledby={labelId}>
      <Text size="sm" fw={500} id={labelId}>
        {field.name}
      </Text>
      <Text size="xs" c="dimmed">
        Records in {target} whose {via} is this record. Read-only here: set {via} on those records.
      </Text>
      {related.isPending && <Loader size="xs" aria-label={`Loading ${field.name}`} />}
      {related.isError && (
        <Text size="sm" c="red">
          {errorMessage(related.error)}
        </Text>
      )}
      {related.data && (
        <>
          <Group gap={4}>
            <Text size="sm">
              {total} record{total === 1 ? '' : 's'}
              {total > 0 ? ':' : ''}
            </Text>
            {related.data.data.map((record) => (
              <Badge key={record.id} variant="light" color="gray" tt="none">
                {recordLabel(record, display)}
              </Badge>
            ))}
            {total > RELATED_SHOWN && (
              <Text size="sm" c="dimmed">
                and {total - RELATED_SHOWN} more
              </Text>
            )}
          </Group>
          {total > 0 && (
            <Anchor component={Link} to={link} size="sm">
              Show {total === 1 ? 'it' : `all ${total}`} in {target}
            </Anchor>
          )}
        </>
      )}
    </Stack>
  );
}
