// Exports carry each file's metadata and its download URL (under PUBLIC_URL), so the export
// can be used to fetch the files; downloads still go through the record's view rule.

import type { CompiledCollection } from '@stagecraft/records';

type FileObject = Record<string, unknown> & { name: string };

const withUrl = (base: string, file: FileObject): FileObject => ({
  ...file,
  url: `${base}/${encodeURIComponent(file.name)}`,
});

/** Adds `url` to the file objects of the record's file fields (in place). */
export function addFileUrls(
  record: Record<string, unknown> & { id: string },
  collection: CompiledCollection,
  publicUrl: string,
): void {
  for (const field of collection.fields.values()) {
    if (field.kind !== 'file' || !(field.name in record)) continue;
    const value = record[field.name] as FileObject | FileObject[] | null;
    if (value === null) continue;
    const base = `${publicUrl}/api/v1/files/${encodeURIComponent(collection.name)}/${record.id}`;
    record[field.name] = Array.isArray(value) ? value.map((file) => withUrl(base, file)) : withUrl(base, value);
  }
}
