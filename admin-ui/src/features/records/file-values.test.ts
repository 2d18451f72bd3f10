// A file field's form state and the write it makes: kept names, upload references, new parts.
import { describe, expect, it } from 'vitest';
import { ApiError, type FieldDefinition, type StoredFile } from '../../api';
import {
  addFiles,
  extensionLabel,
  fileFieldWrite,
  fileInputOf,
  fileRefusals,
  filesOf,
  partProgress,
  pendingResumable,
  previewKind,
  thumbPreset,
  withoutAdded,
  withoutKept,
  withUpload,
  type FileInputValue,
} from './file-values';

const stored = (name: string, type = 'image/png'): StoredFile => ({
  name,
  originalName: name.replace(/_[a-z0-9]+(?=\.)/, ''),
  size: 100,
  type,
  checksum: `sha256:${'0'.repeat(64)}`,
});
const file = (name: string, size = 10, type = 'text/plain') => new File([new Uint8Array(size)], name, { type });
const single: Pick<FieldDefinition, 'options'> = { options: {} };
const multiple: Pick<FieldDefinition, 'options'> = { options: { multiple: true, maxFiles: 3 } };
const counter = () => {
  let next = 0;
  return () => `k${++next}`;
};

describe('file values', () => {
  it('reads what a record holds: null, one file, a list; anything else is no file', () => {
    const one = stored('a_x.png');
    expect(filesOf(null)).toEqual([]);
    expect(filesOf(one)).toEqual([one]);
    expect(filesOf([one, 'junk', null])).toEqual([one]);
    expect(filesOf('a_x.png')).toEqual([]);
    expect(fileInputOf([one])).toEqual({ kept: [one], added: [] });
  });

  describe('addFiles', () => {
    it('a single field: one new file, to replace the one held on save; extra files are refused', () => {
      const old = stored('old_x.png');
      const result = addFiles(single, fileInputOf(old), [file('a.txt'), file('b.txt')], counter());
      expect(result.value.kept).toEqual([old]);
      expect(result.value.added.map((item) => item.file.name)).toEqual(['a.txt']);
      expect(result.refusal).toBe('This field holds one file');
      const again = addFiles(single, result.value, [file('c.txt')], counter());
      expect(again.value.added.map((item) => item.file.name)).toEqual(['c.txt']);
      // Changing one's mind keeps the old file.
      expect(fileFieldWrite(single, withoutAdded(again.value, 'k1'), fileInputOf(old))).toBeNull();
    });

    it('a multiple field takes files up to maxFiles, counting the ones it keeps', () => {
      const current = fileInputOf([stored('a_x.png')]);
      const result = addFiles(multiple, current, [file('1.txt'), file('2.txt'), file('3.txt')], counter());
      expect(result.value.added.map((item) => [item.key, item.file.name])).toEqual([
        ['k1', '1.txt'],
        ['k2', '2.txt'],
      ]);
      expect(result.refusal).toBe('At most 3 files: 1 left out');
    });

    it('files over maxSize are refused before any byte is sent', () => {
      const capped = { options: { multiple: true, maxSize: 1024 } };
      const result = addFiles(capped, fileInputOf([]), [file('big.bin', 2048), file('ok.txt', 10)], counter());
      expect(result.value.added.map((item) => item.file.name)).toEqual(['ok.txt']);
      expect(result.refusal).toBe('big.bin is larger than 1 KiB');
      const alone = addFiles({ options: { maxSize: 1024 } }, fileInputOf(null), [file('big.bin', 2048)], counter());
      expect(alone.value).toEqual(fileInputOf(null));
      expect(alone.refusal).toBe('big.bin is larger than 1 KiB');
    });

    it('removes kept and new files, and remembers finished uploads', () => {
      const value: FileInputValue = {
        kept: [stored('a_x.png'), stored('b_x.png')],
        added: [{ key: 'k1', file: file('c.txt') }],
      };
      expect(withoutKept(value, 'a_x.png').kept.map((item) => item.name)).toEqual(['b_x.png']);
      expect(withoutAdded(value, 'k1').added).toEqual([]);
      expect(withUpload(value, 'k1', 'up1').added[0]?.upload).toBe('up1');
    });
  });

  it('only big files not uploaded yet go over tus', () => {
    const value: FileInputValue = {
      kept: [],
      added: [
        { key: 'small', file: file('s.txt', 10) },
        { key: 'big', file: file('b.bin', 200) },
        { key: 'done', file: file('d.bin', 200), upload: 'up1' },
      ],
    };
    expect(pendingResumable(value, 100).map((item) => item.key)).toEqual(['big']);
  });

  describe('fileFieldWrite', () => {
    const kept = [stored('a_x.png'), stored('b_x.png')];
    const initial = fileInputOf(kept);

    it('leaves an unchanged field out of the write', () => {
      expect(fileFieldWrite(multiple, initial, initial)).toBeNull();
      expect(fileFieldWrite(single, fileInputOf(null), undefined)).toBeNull();
      expect(fileFieldWrite(multiple, fileInputOf([]), undefined)).toBeNull();
    });

    it('a removal keeps the others by stored name; removing all clears the field', () => {
      expect(fileFieldWrite(multiple, withoutKept(initial, 'a_x.png'), initial)).toEqual({
        json: ['b_x.png'],
        parts: [],
      });
      expect(fileFieldWrite(multiple, fileInputOf([]), initial)).toEqual({ json: [], parts: [] });
      const cover = fileInputOf(stored('c_x.png'));
      expect(fileFieldWrite(single, withoutKept(cover, 'c_x.png'), cover)).toEqual({ json: null, parts: [] });
    });

    it('new files go as parts after the kept list; finished uploads as references in it', () => {
      const value: FileInputValue = {
        kept: [kept[1] as StoredFile],
        added: [
          { key: 'k1', file: file('new.txt') },
          { key: 'k2', file: file('big.bin'), upload: 'up1' },
        ],
      };
      const write = fileFieldWrite(multiple, value, initial);
      expect(write?.json).toEqual(['b_x.png', { upload: 'up1' }]);
      expect(write?.parts.map((item) => item.key)).toEqual(['k1']);
    });

    it('a new record with only new files sends them as parts alone', () => {
      const value: FileInputValue = { kept: [], added: [{ key: 'k1', file: file('a.txt') }] };
      const write = fileFieldWrite(multiple, value, undefined);
      expect(write).not.toHaveProperty('json');
      expect(write?.parts).toHaveLength(1);
    });

    it('a single field: a new part replaces the file, an upload is referenced', () => {
      const cover = fileInputOf(stored('c_x.png'));
      const replaced = addFiles(single, cover, [file('d.png')], counter()).value;
      const write = fileFieldWrite(single, replaced, cover);
      expect(write).not.toHaveProperty('json');
      expect(write?.parts.map((item) => item.file.name)).toEqual(['d.png']);
      const uploaded = withUpload(replaced, 'k1', 'up9');
      expect(fileFieldWrite(single, uploaded, cover)).toEqual({ json: { upload: 'up9' }, parts: [] });
    });
  });

  it.each([
    // 100 bytes of other parts, then files of 100 and 300 bytes
    [0, [0, 0]],
    [150, [0.5, 0]],
    [200, [1, 0]],
    [350, [1, 0.5]],
    [500, [1, 1]],
  ])('partProgress at %d of 500 bytes', (loaded, expected) => {
    expect(partProgress(loaded, 500, [100, 300])).toEqual(expected);
  });

  it('shows 413 and 415 refusals at their file field with the detail that names the limit', () => {
    const refused = new ApiError({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: 'photos accepts image/*; the content of this file is text/plain.',
      errors: [{ field: 'photos+', code: 'mimeTypes', message: 'text/plain is not accepted' }],
    });
    expect(fileRefusals(refused, ['photos', 'cover'])).toEqual({
      photos: 'photos accepts image/*; the content of this file is text/plain.',
    });
    const invalid = new ApiError({ ...refused.problem, status: 400 });
    expect(fileRefusals(invalid, ['photos'])).toEqual({});
  });

  it('previews images and PDFs; thumbnails only raster images of fields with presets', () => {
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('text/html')).toBeNull();
    const thumbs = { options: { thumbs: ['100x100', '640x0'] } };
    expect(thumbPreset(thumbs, { type: 'image/jpeg' })).toBe('100x100');
    expect(thumbPreset(thumbs, { type: 'image/svg+xml' })).toBeUndefined();
    expect(thumbPreset({ options: {} }, { type: 'image/png' })).toBeUndefined();
  });

  it.each([
    ['report.pdf', 'application/pdf', 'PDF'],
    ['notes', 'text/plain', 'TXT'],
    ['blob', 'application/octet-stream', 'BIN'],
    ['archive.tar.gz', 'application/gzip', 'GZ'],
    ['x', 'image/svg+xml', 'SVG'],
  ])('icon label of %s (%s) is %s', (name, type, label) => {
    expect(extensionLabel(name, type)).toBe(label);
  });
});
