// file: one file, or with `multiple` a list of up to `maxFiles`, held as metadata; the bytes live
// in the file store. Presets and media types are checked here as the server checks them.
import { COMMON, type FieldTypeUi } from './field-type-ui';

export const fileType: FieldTypeUi = {
  type: 'file',
  label: 'File',
  description: 'Uploaded files',
  value: 'file',
  options: () => [...COMMON, 'multiple', 'maxFiles', 'maxSize', 'mimeTypes', 'thumbs', 'protected'],
  sortable: false,
};

/** What a multiple field holds when `maxFiles` is absent, and the most it may say. */
export const DEFAULT_MAX_FILES = 10;
export const MAX_FILES_PER_FIELD = 100;
export const MAX_THUMB_PRESETS = 10;

/**
 * `WxH` (cover, centre crop), `WxHt`/`WxHb` (top/bottom crop), `WxHf` (fit inside), `Wx0`/`0xH`
 * (the other side follows); sides 0..4000 without leading zeros, never `0x0` (libs/schema file.field-type.ts).
 */
export const THUMB_PRESET_PATTERN =
  /^(?!0x0[tbf]?$)(0|[1-9]\d{0,2}|[1-3]\d{3}|4000)x(0|[1-9]\d{0,2}|[1-3]\d{3}|4000)([tbf])?$/;
/** A media type, or a family such as `image/*`. */
export const MIME_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,127})$/;

export function isThumbPreset(value: string): boolean {
  return THUMB_PRESET_PATTERN.test(value);
}

export function isMimeType(value: string): boolean {
  return MIME_TYPE_PATTERN.test(value);
}

/** How many files a field may hold. */
export function maxFilesOf(options: { multiple?: boolean; maxFiles?: number }): number {
  return options.multiple === true ? (options.maxFiles ?? DEFAULT_MAX_FILES) : 1;
}
