import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import sharp from 'sharp';

import { detectContentType, mimeMatches, SNIFF_BYTES } from '../content/detect-type.js';
import {
  IMAGE_HEADER_BYTES,
  imageDimensions,
  renderThumb,
  THUMBABLE_TYPES,
  ThumbInputTooLarge,
  ThumbInputUnreadable,
} from './render-thumb.js';
import { parseThumbPreset, type ThumbPreset } from './thumb-preset.js';

const LIMITS = { maxInputPixels: 50_000_000 };
const RED = { r: 220, g: 20, b: 20 };
const BLUE = { r: 20, g: 20, b: 220 };

const preset = (text: string): ThumbPreset => {
  const parsed = parseThumbPreset(text);
  if (!parsed) throw new Error(`bad preset ${text}`);
  return parsed;
};
const solid = (width: number, height: number, background = BLUE) =>
  sharp({ create: { width, height, channels: 3, background } });

/** Red on top, blue below: a crop from the top is red, one from the bottom blue. */
async function redOverBlue(width: number, height: number): Promise<Buffer> {
  const red = await solid(width, height / 2, RED)
    .png()
    .toBuffer();
  return solid(width, height)
    .composite([{ input: red, top: 0, left: 0 }])
    .png()
    .toBuffer();
}

async function meanColour(image: Buffer): Promise<{ red: number; blue: number }> {
  const { channels } = await sharp(image).stats();
  return { red: channels[0]!.mean, blue: channels[2]!.mean };
}

describe('renderThumb', () => {
  it('turns a 12-megapixel JPEG into a 320-wide WebP for 320x0', async () => {
    const photo = await solid(4000, 3000).jpeg().toBuffer();
    const thumb = await renderThumb(photo, preset('320x0'), LIMITS);
    expect(thumb).toMatchObject({ width: 320, height: 240, mime: 'image/webp' });
    await expect(sharp(thumb.data).metadata()).resolves.toMatchObject({ format: 'webp', width: 320, height: 240 });
  });

  it.each([
    ['100x100', 100, 100],
    ['100x100f', 100, 50],
    ['0x50', 100, 50],
    ['150x0', 150, 75],
    ['150x20t', 150, 20],
  ])('sizes a 400x200 image for %s as %ix%i', async (text, width, height) => {
    const thumb = await renderThumb(await solid(400, 200).png().toBuffer(), preset(text), LIMITS);
    expect([thumb.width, thumb.height]).toEqual([width, height]);
  });

  it('crops from the centre, the top or the bottom', async () => {
    const tall = await redOverBlue(100, 400);
    const top = await meanColour((await renderThumb(tall, preset('50x50t'), LIMITS)).data);
    const bottom = await meanColour((await renderThumb(tall, preset('50x50b'), LIMITS)).data);
    const centre = await meanColour((await renderThumb(tall, preset('50x50'), LIMITS)).data);
    expect(top.red).toBeGreaterThan(200);
    expect(bottom.blue).toBeGreaterThan(200);
    expect(centre.red).toBeGreaterThan(60);
    expect(centre.blue).toBeGreaterThan(60);
  });

  it('never enlarges a small image', async () => {
    const small = await solid(50, 40).jpeg().toBuffer();
    for (const text of ['320x0', '0x320', '320x320f', '320x320']) {
      const thumb = await renderThumb(small, preset(text), LIMITS);
      expect([text, thumb.width, thumb.height]).toEqual([text, 50, 40]);
    }
  });

  it('honours the EXIF orientation', async () => {
    const sideways = await solid(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const thumb = await renderThumb(sideways, preset('1000x1000f'), LIMITS);
    expect([thumb.width, thumb.height]).toEqual([200, 400]);
  });

  it('reads the image from a file path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'thumbs-'));
    try {
      const path = join(dir, 'photo.jpg');
      await writeFile(path, await solid(300, 300).jpeg().toBuffer());
      await expect(renderThumb(path, preset('100x100'), LIMITS)).resolves.toMatchObject({ width: 100, height: 100 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an input above maxInputPixels before decoding it', async () => {
    const photo = await solid(4000, 3000).jpeg().toBuffer();
    const rendering = renderThumb(photo, preset('320x0'), { maxInputPixels: 1_000_000 });
    await expect(rendering).rejects.toBeInstanceOf(ThumbInputTooLarge);
    await expect(rendering).rejects.toMatchObject({ maxInputPixels: 1_000_000 });
  });

  it.each([
    ['garbage bytes', () => Promise.resolve(Buffer.from('this is not an image at all, just text'))],
    ['an empty buffer', () => Promise.resolve(Buffer.alloc(0))],
    ['a truncated JPEG', async () => (await solid(800, 600).jpeg().toBuffer()).subarray(0, 2000)],
    ['an SVG', () => Promise.resolve(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'))],
    ['a missing file', () => Promise.resolve(join(tmpdir(), 'no-such-dir', 'missing.jpg'))],
  ])('refuses %s as unreadable', async (_case, make) => {
    const rendering = renderThumb(await make(), preset('100x100'), LIMITS);
    await expect(rendering).rejects.toBeInstanceOf(ThumbInputUnreadable);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxInputPixels %p, which sharp would read as "no limit"', async (max) => {
    const image = await solid(10, 10).png().toBuffer();
    await expect(renderThumb(image, preset('5x5'), { maxInputPixels: max })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('imageDimensions', () => {
  const noisy = (width: number, height: number) => {
    const pixels = Buffer.alloc(width * height * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;
    return sharp(pixels, { raw: { width, height, channels: 3 } });
  };

  it.each([
    ['JPEG', () => noisy(1200, 900).jpeg().toBuffer()],
    ['PNG', () => noisy(1200, 900).png().toBuffer()],
    ['lossy WebP', () => noisy(1200, 900).webp().toBuffer()],
    ['lossless WebP', () => noisy(1200, 900).webp({ lossless: true }).toBuffer()],
    ['extended WebP', () => noisy(1200, 900).ensureAlpha(0.5).webp().toBuffer()],
    ['GIF', () => noisy(1200, 900).gif().toBuffer()],
    ['AVIF', () => noisy(1200, 900).avif({ effort: 0 }).toBuffer()],
  ])('reads a %s size from the first SNIFF_BYTES', async (_format, make) => {
    const image = await make();
    expect(image.length).toBeGreaterThan(SNIFF_BYTES); // so the head is a truncated file
    await expect(imageDimensions(image.subarray(0, SNIFF_BYTES))).resolves.toEqual({ width: 1200, height: 900 });
  });

  it('swaps the sides for EXIF orientations 5 to 8', async () => {
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const image = await solid(400, 200).jpeg().withMetadata({ orientation }).toBuffer();
      const expected = orientation >= 5 ? { width: 200, height: 400 } : { width: 400, height: 200 };
      await expect(imageDimensions(image.subarray(0, SNIFF_BYTES))).resolves.toEqual(expected);
    }
  });

  it('needs more than SNIFF_BYTES when a JPEG carries large metadata first', async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- ${'x'.repeat(20_000)} --></x:xmpmeta>`;
    const image = await solid(300, 200).withXmp(xmp).jpeg().toBuffer();
    await expect(imageDimensions(image.subarray(0, SNIFF_BYTES))).resolves.toBeNull();
    await expect(imageDimensions(image.subarray(0, IMAGE_HEADER_BYTES))).resolves.toEqual({ width: 300, height: 200 });
  });

  it('reads a TIFF only whole: sharp writes its directory after the pixels', async () => {
    const image = await noisy(600, 400).tiff().toBuffer();
    await expect(imageDimensions(image.subarray(0, IMAGE_HEADER_BYTES))).resolves.toBeNull();
    await expect(imageDimensions(image)).resolves.toEqual({ width: 600, height: 400 });
  });

  it.each([
    ['garbage', Buffer.from('not an image')],
    ['an empty buffer', Buffer.alloc(0)],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
    ['a RIFF that is not WebP', Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), Buffer.alloc(40)])],
  ])('answers null for %s', async (_case, head) => {
    await expect(imageDimensions(head)).resolves.toBeNull();
  });
});

describe('THUMBABLE_TYPES', () => {
  it('lists raster formats only', () => {
    expect(mimeMatches('image/svg+xml', THUMBABLE_TYPES)).toBe(false);
    expect(mimeMatches('image/png', THUMBABLE_TYPES)).toBe(true);
  });

  it('names each type as detectContentType does', async () => {
    const samples = await Promise.all([
      solid(8, 8).jpeg().toBuffer(),
      solid(8, 8).png().toBuffer(),
      solid(8, 8).webp().toBuffer(),
      solid(8, 8).gif().toBuffer(),
      solid(8, 8).avif({ effort: 0 }).toBuffer(),
      solid(8, 8).tiff().toBuffer(),
    ]);
    const detected = await Promise.all(samples.map(async (sample) => (await detectContentType(sample)).mime));
    expect(detected).toEqual([...THUMBABLE_TYPES]);
  });
});
