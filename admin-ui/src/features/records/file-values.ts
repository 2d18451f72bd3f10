// A file field in the record form: the stored files it keeps and the new files chosen, and how
// they become the write: kept names and tus upload ids in the JSON values, small new files as
// multipart parts. Pure, so the form's rules (maxFiles, maxSize, what changed) are tested here.
import { ApiError, type FieldDefinition, type StoredFile } from '../../api';
import { formatBytes } from '../../components/byte-size';
import { maxFilesOf } from '../../field-types/file';

/** A file chosen in the form, not yet part of the record. */
export interface NewFile {
  /** Stable while the form is open: progress and removal go by it. */
  key: string;
  file: File;
  /** Set once a resumable (tus) upload finished: the body references it instead of sending the file. */
  upload?: string;
}

export interface FileInputValue {
  kept: StoredFile[];
  added: NewFile[];
}

export function isFileInput(value: unknown): value is FileInputValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'kept' in value && 'added' in value;
}

function isStoredFile(value: unknown): value is StoredFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { size?: unknown }).size === 'number'
  );
}

/** The files a record's value holds: null, one file object, or a list of them. */
export function filesOf(value: unknown): StoredFile[] {
  if (Array.isArray(value)) return value.filter(isStoredFile);
  return isStoredFile(value) ? [value] : [];
}

export function fileInputOf(value: unknown): FileInputValue {
  return { kept: filesOf(value), added: [] };
}

export interface AddedFiles {
  value: FileInputValue;
  /** Why some of the files were left out (too big, too many); undefined: all taken. */
  refusal?: string;
}

/**
 * Takes chosen files into the field: a single field's new file replaces what it held when the
 * record is saved (until then, removing the new file keeps the old one); a multiple one takes files
 * up to maxFiles. Files over maxSize are left out here, before any byte is sent.
 */
export function addFiles(
  field: Pick<FieldDefinition, 'options'>,
  current: FileInputValue,
  files: readonly File[],
  newKey: () => string,
): AddedFiles {
  const { maxSize, multiple } = field.options;
  const problems: string[] = [];
  const fitting = files.filter((file) => {
    if (maxSize === undefined || file.size <= maxSize) return true;
    problems.push(`${file.name} is larger than ${formatBytes(maxSize)}`);
    return false;
  });
  const refusal = () => (problems.length > 0 ? problems.join('; ') : undefined);
  if (multiple !== true) {
    const [first] = fitting;
    if (fitting.length > 1) problems.push('This field holds one file');
    if (first === undefined) return { value: current, refusal: refusal() };
    return { value: { kept: current.kept, added: [{ key: newKey(), file: first }] }, refusal: refusal() };
  }
  const room = Math.max(0, maxFilesOf(field.options) - current.kept.length - current.added.length);
  const taken = fitting.slice(0, room);
  if (fitting.length > room) {
    const max = maxFilesOf(field.options);
    problems.push(`At most ${max} file${max === 1 ? '' : 's'}: ${fitting.length - room} left out`);
  }
  return {
    value: { kept: current.kept, added: [...current.added, ...taken.map((file) => ({ key: newKey(), file }))] },
    refusal: refusal(),
  };
}

export function withoutKept(value: FileInputValue, name: string): FileInputValue {
  return { ...value, kept: value.kept.filter((file) => file.name !== name) };
}

export function withoutAdded(value: FileInputValue, key: string): FileInputValue {
  return { ...value, added: value.added.filter((item) => item.key !== key) };
}

/** Records that a new file's resumable upload finished: the write references it from now on. */
export function withUpload(value: FileInputValue, key: string, upload: string): FileInputValue {
  return { ...value, added: value.added.map((item) => (item.key === key ? { ...item, upload } : item)) };
}

/** New files that go through a resumable upload first: bigger than `threshold` and not uploaded yet. */
export function pendingResumable(value: FileInputValue, threshold: number): NewFile[] {
  return value.added.filter((item) => item.upload === undefined && item.file.size > threshold);
}

export interface FileFieldWrite {
  /** The JSON value for the field; absent: the field is left out of the values. */
  json?: unknown;
  /** New files sent as multipart parts under the field's name, after the JSON values. */
  parts: NewFile[];
}

/**
 * What one file field adds to a write, or null when unchanged. Kept files are referenced by
 * stored name (leaving one out removes it), tus uploads by `{ upload }`, the rest go as parts;
 * the server appends a field's parts to the list its JSON value gives.
 */
export function fileFieldWrite(
  field: Pick<FieldDefinition, 'options'>,
  input: FileInputValue,
  initial: FileInputValue | undefined,
): FileFieldWrite | null {
  const keptNames = input.kept.map((file) => file.name);
  const unchanged =
    input.added.length === 0 &&
    (initial === undefined
      ? keptNames.length === 0
      : keptNames.join('\n') === initial.kept.map((file) => file.name).join('\n'));
  if (unchanged) return null;
  const parts = input.added.filter((item) => item.upload === undefined);
  const uploads = input.added.flatMap((item) => (item.upload === undefined ? [] : [{ upload: item.upload }]));
  if (field.options.multiple !== true) {
    // A new file replaces whatever the field holds.
    const [upload] = uploads;
    if (upload !== undefined) return { json: upload, parts: [] };
    if (parts.length > 0) return { parts: parts.slice(0, 1) };
    const [kept] = keptNames;
    return { json: kept ?? null, parts: [] };
  }
  const list = [...keptNames, ...uploads];
  // With parts and nothing else to keep, the parts alone make the list (an empty JSON list adds nothing).
  if (list.length === 0 && parts.length > 0) return { parts };
  return { json: list, parts };
}

/**
 * How far each part of a multipart body has gone, from the body's progress. File parts come last,
 * in order, so part i starts where the bytes of the parts before it end (headers are a few bytes).
 */
export function partProgress(loaded: number, total: number, sizes: readonly number[]): number[] {
  if (total > 0 && loaded >= total) return sizes.map(() => 1);
  let start = Math.max(0, total - sizes.reduce((sum, size) => sum + size, 0));
  return sizes.map((size) => {
    const done = size === 0 ? (loaded >= start ? 1 : 0) : Math.min(1, Math.max(0, (loaded - start) / size));
    start += size;
    return done;
  });
}

/**
 * A refused file (413 too large, 415 a type the field does not take) is shown at its field with
 * the problem's detail, which names the limit; part names such as `photos+` count for `photos`.
 */
export function fileRefusals(error: unknown, fileFields: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError) || (error.status !== 413 && error.status !== 415)) return {};
  const result: Record<string, string> = {};
  for (const problem of error.fieldProblems) {
    const name = problem.field.replace(/[+-]$/, '');
    if (fileFields.includes(name)) result[name] ??= error.problem.detail;
  }
  return result;
}

const PREVIEW_IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/svg+xml'];
/** Types the server makes thumbnails of (libs/files render-thumb.ts); others are served as they are. */
const THUMBABLE = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff'];

/** What the preview shows: an image, a PDF in a frame, or nothing (download only). */
export function previewKind(type: string): 'image' | 'pdf' | null {
  if (PREVIEW_IMAGES.includes(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  return null;
}

/** The preset to show a file's thumbnail with: the field's first, for raster images only. */
export function thumbPreset(
  field: Pick<FieldDefinition, 'options'>,
  file: Pick<StoredFile, 'type'>,
): string | undefined {
  const [first] = field.options.thumbs ?? [];
  return first !== undefined && THUMBABLE.includes(file.type) ? first : undefined;
}

const SUBTYPE_LABELS: Record<string, string> = { plain: 'txt', jpeg: 'jpg', 'octet-stream': 'bin', markdown: 'md' };

/** A short label for a file icon: the extension of its name, else one made from its type. */
export function extensionLabel(name: string, type: string): string {
  const fromName = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1];
  const subtype = type.split('/')[1]?.split(/[+;]/)[0];
  const fromType = subtype === undefined ? undefined : (SUBTYPE_LABELS[subtype] ?? subtype);
  return (fromName ?? fromType ?? 'file').slice(0, 4).toUpperCase();
}
