// The collection a trigger row watches. A collection deleted since stays shown, so the row reads
// as saved and the server's verdict on it makes sense.
import { Select } from '@mantine/core';
import { useCollectionsQuery } from '../../data/collections/collections-query';

interface CollectionSelectProps {
  value: string;
  onChange: (collection: string) => void;
  error: string | undefined;
}

export function CollectionSelect({ value, onChange, error }: CollectionSelectProps) {
  const collections = useCollectionsQuery();
  const names = [...new Set([...(collections.data ?? []).map((item) => item.name), ...(value ? [value] : [])])].sort();
  return (
    <Select
      label="Collection"
      placeholder="Choose a collection"
      style={{ flex: 1 }}
      data={names}
      searchable
      allowDeselect={false}
      nothingFoundMessage="No collection has this name"
      value={value === '' ? null : value}
      onChange={(next) => onChange(next ?? '')}
      error={error}
    />
  );
}
