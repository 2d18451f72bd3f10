// A collection's record count in a table cell.
import { Loader, Text, Tooltip } from '@mantine/core';
import { useRecordCountQuery } from '../../data/records/record-count-query';

export function RecordCount({ collection }: { collection: string }) {
  const count = useRecordCountQuery(collection);
  if (count.isPending) return <Loader size="xs" aria-label={`Counting ${collection} records`} />;
  if (count.isError)
    return (
      <Text c="dimmed" size="sm">
        —
      </Text>
    );
  const value = count.data.total.toLocaleString();
  return count.data.exact ? (
    <Text size="sm">{value}</Text>
  ) : (
    <Tooltip label="The planner's estimate">
      <Text size="sm">≈ {value}</Text>
    </Tooltip>
  );
}
