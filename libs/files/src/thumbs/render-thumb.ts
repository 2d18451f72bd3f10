// Turns an uploaded raster image into a WebP thumbnail with sharp, refusing inputs too large to
// decode safely; also reads an image's size from its first bytes for the upload's metadata.

import type sharpFunction from 'sharp';
import type { Metadata, ResizeOptions } from 'sharp';

import { type ThumbPreset } from './thumb-preset.js';

/** The uploads thumbnails are made for. SVG is left out: it is a document, not pixels. */
export const THUMBABLE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/tiff',
] as const;

export interface RenderedThumb {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly mime: 'image/webp';
}

export interface ThumbLimits {
  /** Width × height above which the input is refused before it is decoded. */
  readonly maxInputPixels: number;
}

export interface ImageDimensions {
  readonly width: number;
  readonly height: number;
}

/** The input declares more pixels than `maxInputPixels`. */
export class ThumbInputTooLarge extends Error {
  constructor(
    readonly maxInputPixels: number,
    options?: ErrorOptions,
  ) {
    super(`The image has more than ${maxInputPixels} pixels`, options);
    this.name = 'ThumbInputTooLarge';
  }
}

/** The input is not an image sharp can decode, is cut short or corrupt, or is not a thumbable format. */
export class ThumbInputUnreadable extends Error {
  constructor(detail: string, options?: ErrorOptions) {
    super(`The image cannot be read: ${detail}`, options);
    this.name = 'ThumbInputUnreadable';
  }
}

const WEBP_QUALITY = 80;

let loadingSharp: Promise<typeof sharpFunction> | undefined;

/** sharp and libvips (about 12 MiB resident) load with the first image, not with every process. */
function loadSharp(): Promise<typeof sharpFunction> {
  loadingSharp ??= import('sharp').then((module) => module.default);
  return loadingSharp;
}

// sharp's names for the THUMBABLE_TYPES; AVIF is HEIF compressed with AV1.
const THUMBABLE_FORMATS = new Set<string>(['jpeg', 'png', 'webp', 'gif', 'tiff']);

export async function renderThumb(
  input: Buffer | string,
  preset: ThumbPreset,
  limits: ThumbLimits,
): Promise<RenderedThumb> {
  // sharp reads 0 (or false) as "no limit", which is never what a caller means.
  if (!Number.isSafeInteger(limits.maxInputPixels) || limits.maxInputPixels <= 0) {
    throw new RangeError(`maxInputPixels must be a positive integer, got ${limits.maxInputPixels}`);
  }
  const sharp = await loadSharp();
  try {
    // `failOn: 'error'` refuses truncated and corrupt data but tolerates the harmless warnings
    // real cameras and editors produce (sharp's default, 'warning', rejects many real photos).
    const image = sharp(input, { limitInputPixels: limits.maxInputPixels, failOn: 'error' });
    const metadata = await image.metadata();
    if (!isThumbable(metadata)) throw new ThumbInputUnreadable(`${metadata.format} is not a thumbable format`);
    const { data, info } = await image
      .rotate() // applies the EXIF orientation, so portrait photos stay portrait
      .resize(resizeOptions(preset))
      .webp({ quality: WEBP_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, mime: 'image/webp' };
  } catch (error) {
    throw asThumbError(error, limits.maxInputPixels);
  }
}

function resizeOptions(preset: ThumbPreset): ResizeOptions {
  // A 0 side is left to sharp, which then keeps the aspect ratio.
  const size = { width: preset.width || undefined, height: preset.height || undefined, withoutEnlargement: true };
  switch (preset.mode) {
    case 'cover-center':
      return { ...size, fit: 'cover', position: 'centre' };
    case 'cover-top':
      return { ...size, fit: 'cover', position: 'top' };
    case 'cover-bottom':
      return { ...size, fit: 'cover', position: 'bottom' };
    case 'fit':
      return { ...size, fit: 'inside' };
  }
}

function isThumbable(metadata: Metadata): boolean {
  return THUMBABLE_FORMATS.has(metadata.format) || (metadata.format === 'heif' && metadata.compression === 'av1');
}

// sharp reports every failure as a plain Error; only its message tells the pixel limit apart.
function asThumbError(error: unknown, maxInputPixels: number): Error {
  if (error instanceof ThumbInputTooLarge || error instanceof ThumbInputUnreadable) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('exceeds pixel limit')) return new ThumbInputTooLarge(maxInputPixels, { cause: error });
  return new ThumbInputUnreadable(message.split('\n')[0] ?? message, { cause: error });
}

/** Bytes to read for `imageDimensions`: JPEGs put their size after EXIF, which can fill 64 KiB. */
export const IMAGE_HEADER_BYTES = 64 * 1024;

/**
 * The displayed size of a thumbable image (EXIF orientations 5–8 swap the sides) from its first
 * bytes, or null when they are not enough or not such an image.
 */
export async function imageDimensions(head: Buffer): Promise<ImageDimensions | null> {
  const sharp = await loadSharp();
  try {
    // 'none': a head is a truncated file by design; GIF refuses to give its size otherwise.
    const metadata = await sharp(head, { failOn: 'none' }).metadata();
    if (!isThumbable(metadata)) return null;
    const turned = metadata.orientation !== undefined && metadata.orientation >= 5 && metadata.orientation <= 8;
    return turned
      ? { width: metadata.height, height: metadata.width }
      : { width: metadata.width, height: metadata.height };
  } catch {
    // libvips' WebP loader needs the whole file, though the size sits in the first 30 bytes.
    return webpHeaderDimensions(head);
  }
}

/** The canvas size in a WebP header (lossy, lossless or extended); EXIF orientation is not read. */
function webpHeaderDimensions(head: Buffer): ImageDimensions | null {
  const isWebp =
    head.length >= 30 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP';
  if (!isWebp) return null;
  switch (head.toString('latin1', 12, 16)) {
    case 'VP8 ': // a key frame: start code 9d 01 2a, then 14-bit width and height
      if (head.readUIntBE(23, 3) !== 0x9d012a) return null;
      return positive(head.readUInt16LE(26) & 0x3fff, head.readUInt16LE(28) & 0x3fff);
    case 'VP8L': {
      // a 0x2f signature, then width - 1 and height - 1 in 14 bits each
      if (head[20] !== 0x2f) return null;
      const bits = head.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X': // flags, then canvas width - 1 and height - 1 in 24 bits each
      return { width: head.readUIntLE(24, 3) + 1, height: head.readUIntLE(27, 3) + 1 };
    default:
      return null;
  }
}

function positive(width: number, height: number): ImageDimensions | null {
  return width > 0 && height > 0 ? { width, height } : null;
}
