// The body of a record write: JSON, or multipart/form-data as soon as a value is a Blob or File,
// so files travel with the write that attaches them (docs/files.md, "Uploading with a record").

const isBlob = (value: unknown): value is Blob => typeof Blob !== 'undefined' && value instanceof Blob;

/**
 * Blobs become file parts named after their field (`photos+` appends); every other value, and
 * the stored names a list keeps beside new files, goes in the `@json` part.
 */
export function recordBody(body: object): object {
  const entries = Object.entries(body);
  if (!entries.some(([, value]) => [value].flat().some(isBlob))) return body;
  const values: Record<string, unknown> = {};
  const files: [string, Blob][] = [];
  for (const [key, value] of entries) {
    const items = [value].flat();
    const blobs = items.filter(isBlob);
    if (blobs.length === 0) values[key] = value;
    else {
      files.push(...blobs.map((blob): [string, Blob] => [key, blob]));
      const kept = items.filter((item) => !isBlob(item));
      if (kept.length > 0) values[key] = kept;
    }
  }
  const form = new FormData();
  form.append('@json', JSON.stringify(values));
  for (const [key, blob] of files) form.append(key, blob, (blob as { name?: string }).name ?? 'blob');
  return form;
}
