// The file type's checks, as the server makes them (libs/schema file.field-type.ts).
import { describe, expect, it } from 'vitest';
import { isMimeType, isThumbPreset, maxFilesOf } from './file';

describe('file field type', () => {
  it.each(['100x100', '640x0', '0x200', '100x100t', '100x100b', '100x100f', '4000x4000', '1x1', '0x1f'])(
    'accepts the preset %s',
    (preset) => expect(isThumbPreset(preset)).toBe(true),
  );

  it.each(['0x0', '0x0f', '0100x50', '4001x10', '100X100', '100x100c', '100x', 'x100', '100 x 100', '-1x10', ''])(
    'refuses the preset %j',
    (preset) => expect(isThumbPreset(preset)).toBe(false),
  );

  it.each([
    ['image/png', true],
    ['image/*', true],
    ['application/vnd.ms-excel', true],
    ['image/svg+xml', true],
    ['image', false],
    ['*/*', false],
    ['Image/PNG', false],
  ])('media type %s: %s', (type, valid) => expect(isMimeType(type)).toBe(valid));

  it('a single field holds one file; a multiple one maxFiles, 10 by default', () => {
    expect(maxFilesOf({})).toBe(1);
    expect(maxFilesOf({ maxFiles: 5 })).toBe(1);
    expect(maxFilesOf({ multiple: true })).toBe(10);
    expect(maxFilesOf({ multiple: true, maxFiles: 3 })).toBe(3);
  });
});
