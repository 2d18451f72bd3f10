// Which field names a record in pickers and relation cells: the first visible text-like field.
import type { CollectionDefinition, RecordData } from '../../api';
import { shortId } from '../../components/format';

export function displayFieldOf(collection: CollectionDefinition | undefined): string | null {
  const field = collection?.fields.find((item) => ['text', 'email', 'url'].includes(item.type) && !item.options.hidden);
  return field?.name ?? null;
}

export function recordLabel(record: RecordData, displayField: string | null): string {
  const value = displayField ? record[displayField] : undefined;
  return typeof value === 'string' && value !== '' ? value : shortId(record.id);
}
