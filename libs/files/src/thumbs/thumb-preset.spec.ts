import { Ajv } from 'ajv';

import { MAX_THUMB_SIDE, parseThumbPreset, THUMB_PRESET_PATTERN } from './thumb-preset.js';

describe('parseThumbPreset', () => {
  it.each([
    ['100x100', 100, 100, 'cover-center'],
    ['640x480t', 640, 480, 'cover-top'],
    ['640x480b', 640, 480, 'cover-bottom'],
    ['640x480f', 640, 480, 'fit'],
    ['0x300', 0, 300, 'fit'],
    ['320x0', 320, 0, 'fit'],
    ['320x0t', 320, 0, 'fit'],
    ['0x300f', 0, 300, 'fit'],
    ['1x1', 1, 1, 'cover-center'],
    ['4000x4000', 4000, 4000, 'cover-center'],
    ['4000x0', 4000, 0, 'fit'],
    ['999x1000b', 999, 1000, 'cover-bottom'],
  ])('%s → %ix%i %s', (text, width, height, mode) => {
    expect(parseThumbPreset(text)).toEqual({ name: text, width, height, mode });
  });

  it.each([
    ['both sides 0', '0x0'],
    ['both sides 0 with a mode', '0x0f'],
    ['a side over the maximum', '4001x100'],
    ['a far larger side', '100x99999'],
    ['a leading zero', '0100x100'],
    ['a negative side', '-100x100'],
    ['a decimal side', '100.5x100'],
    ['an unknown mode', '100x100c'],
    ['an upper-case mode', '100x100F'],
    ['an upper-case X', '100X100'],
    ['two modes', '100x100tb'],
    ['one side only', '100'],
    ['a missing side', 'x100'],
    ['spaces', ' 100x100'],
    ['a trailing newline', '100x100\n'],
    ['an empty string', ''],
    ['a path', '../100x100'],
    ['full-width digits', '１００x１００'],
  ])('rejects %s', (_case, text) => {
    expect(parseThumbPreset(text)).toBeNull();
  });

  it('caps each side at MAX_THUMB_SIDE', () => {
    expect(MAX_THUMB_SIDE).toBe(4000);
    expect(parseThumbPreset(`${MAX_THUMB_SIDE}x1`)).not.toBeNull();
    expect(parseThumbPreset(`${MAX_THUMB_SIDE + 1}x1`)).toBeNull();
  });
});

describe('THUMB_PRESET_PATTERN', () => {
  const validate = new Ajv().compile({ type: 'string', pattern: THUMB_PRESET_PATTERN });

  it('accepts in a JSON schema exactly what parseThumbPreset accepts', () => {
    const candidates = ['0x0', '0x0t', '0100x1', '1x1', '0x1', '1x0', '100x100', '100x100x', '100x100tt', '4000x4000f'];
    for (let side = 0; side <= 4100; side += 1) candidates.push(`${side}x7`, `7x${side}b`);
    for (const text of candidates) expect([text, validate(text)]).toEqual([text, parseThumbPreset(text) !== null]);
  });
});
