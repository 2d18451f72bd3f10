// Thumbnail presets written as PocketBase writes them (`100x100`, `0x300`, `640x480f`): parsed
// once here, so the field schema, the thumb endpoint and the renderer agree on what they mean.

import { THUMB_PRESET_PATTERN } from '@stagecraft/schema';

export { MAX_THUMB_SIDE, THUMB_PRESET_PATTERN } from '@stagecraft/schema';

/**
 * - `cover-center`, `cover-top`, `cover-bottom`: fill W×H exactly and crop the overflow (`WxH`, `WxHt`, `WxHb`);
 * - `fit`: fit inside W×H without cropping (`WxHf`), and every preset with a 0 side (`0xH`, `Wx0`),
 *   where the 0 side follows the aspect ratio.
 */
export type ThumbMode = 'cover-center' | 'cover-top' | 'cover-bottom' | 'fit';

export interface ThumbPreset {
  /** The preset as written; also what names the thumbnail in storage and in URLs. */
  readonly name: string;
  /** 0 means "follow the aspect ratio". */
  readonly width: number;
  readonly height: number;
  readonly mode: ThumbMode;
}

const PRESET = new RegExp(THUMB_PRESET_PATTERN);

const MODES: Readonly<Record<string, ThumbMode>> = { '': 'cover-center', t: 'cover-top', b: 'cover-bottom', f: 'fit' };

export function parseThumbPreset(text: string): ThumbPreset | null {
  const match = PRESET.exec(text);
  if (!match) return null;
  const width = Number(match[1]);
  const height = Number(match[2]);
  // Nothing is cropped when one side follows the other, whatever the suffix says.
  const mode = width === 0 || height === 0 ? 'fit' : (MODES[match[3] ?? ''] ?? 'cover-center');
  return { name: text, width, height, mode };
}
