// Thumbnails of stored images, only in the presets the field declares (so callers cannot ask
// for arbitrary sizes). Each is made once, on its first request, and stored next to the
// original under `thumbs/<preset>.webp`; concurrent first requests share one transform, and
// THUMB_CONCURRENCY bounds how many run at once. Files that are not raster images, and images
// past THUMB_MAX_INPUT_PIXELS, are served as they are (docs/files.md).

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import type { Readable } from 'node:stream';
import type { LocatedFile } from '../downloads/file-access.service.js';
import { FileStore } from '../file-storage.provider.js';
import { StorageObjectMissing } from '../storage/file-storage.js';
import { storagePrefixOf } from '../uploads/file-intake.js';
import { THUMBABLE_TYPES, ThumbInputTooLarge, ThumbInputUnreadable } from './render-thumb.js';
import { parseThumbPreset } from './thumb-preset.js';
import { ThumbRenderer } from './thumb-renderer.js';

export interface StoredThumb {
  readonly storageKey: string;
  readonly size: number;
  readonly type: 'image/webp';
  /** The bytes, when this process holds them in memory (recently made or served). */
  readonly data?: Buffer;
}

/**
 * Thumbnails known to this process, most recently used last: their size (so a cached thumbnail
 * costs no lookup in the store) and, within a budget, their bytes (so it costs no file read
 * either). Thumbnails are small (a 320 px WebP is tens of kB), so 32 MiB holds a thousand or so.
 */
const KNOWN_THUMBS_MAX = 10_000;
const THUMB_BYTES_BUDGET = 32 * 1024 * 1024;
const THUMB_BYTES_MAX_ONE = 1024 * 1024;

@Injectable()
export class ThumbnailsService {
  private readonly logger = new Logger(ThumbnailsService.name);
  readonly renderer: ThumbRenderer;
  private readonly known = new Map<string, StoredThumb>();
  private heldBytes = 0;
  private readonly making = new Map<string, Promise<StoredThumb | null>>();

  constructor(
    private readonly store: FileStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.renderer = new ThumbRenderer({
      concurrency: config.files.thumbConcurrency,
      maxInputPixels: config.files.thumbMaxInputPixels,
    });
  }

  /** The stored thumbnail, or null when the original is served instead; a 400 for a preset the field lacks. */
  async thumbnail(file: LocatedFile, presetName: string): Promise<StoredThumb | null> {
    if (!(file.options.thumbs ?? []).includes(presetName)) {
      const presets = file.options.thumbs?.join(', ') || 'none';
      throw new AppException(
        ErrorCode.ValidationFailed,
        `"${presetName}" is not a thumb preset of ${file.fieldName} (presets: ${presets}).`,
        {
          errors: [
            {
              field: 'thumb',
              code: 'preset',
              message: fieldSentence('thumb', `must be one of the field's presets: ${presets}`),
            },
          ],
        },
      );
    }
    if (!(THUMBABLE_TYPES as readonly string[]).includes(file.meta.type)) return null;
    const key = `${storagePrefixOf(file.storageKey)}thumbs/${presetName}.webp`;
    const known = this.known.get(key);
    if (known !== undefined) {
      this.known.delete(key); // most recently used goes last
      this.known.set(key, known);
      return known;
    }
    let making = this.making.get(key);
    if (making === undefined) {
      making = this.ensure(file, key, presetName).finally(() => this.making.delete(key));
      this.making.set(key, making);
    }
    return making;
  }

  /** The thumbnail from the store, made and stored first if it is not there yet. */
  private async ensure(file: LocatedFile, key: string, presetName: string): Promise<StoredThumb | null> {
    const storage = this.store.storage;
    const existing = await storage.stat(key);
    if (existing !== null) {
      const data = existing.size <= THUMB_BYTES_MAX_ONE ? await readAll(storage.read(key)) : undefined;
      return this.remember(key, existing.size, data);
    }
    const preset = parseThumbPreset(presetName);
    if (preset === null) throw new Error(`Preset ${presetName} passed the schema but does not parse`);
    try {
      const thumb = await this.renderer.render(key, () => readAll(storage.read(file.storageKey)), preset);
      await storage.put(key, thumb.data, { contentType: thumb.mime });
      return this.remember(key, thumb.data.length, thumb.data);
    } catch (error) {
      // The original removed between the access check and the read (its record deleted meanwhile).
      if (error instanceof StorageObjectMissing)
        throw new AppException(ErrorCode.NotFound, `No file ${file.meta.name}.`);
      if (!(error instanceof ThumbInputTooLarge || error instanceof ThumbInputUnreadable)) throw error;
      this.logger.warn(`No ${presetName} thumbnail of ${file.meta.name}, the original is served: ${error.message}`);
      return null;
    }
  }

  private remember(key: string, size: number, data?: Buffer): StoredThumb {
    const kept = data !== undefined && data.length <= THUMB_BYTES_MAX_ONE ? data : undefined;
    const thumb: StoredThumb = { storageKey: key, size, type: 'image/webp', ...(kept ? { data: kept } : {}) };
    this.known.set(key, thumb);
    this.heldBytes += kept?.length ?? 0;
    // The least recently used go first, until both the count and the bytes fit.
    for (const [oldKey, old] of this.known) {
      if (this.known.size <= KNOWN_THUMBS_MAX && this.heldBytes <= THUMB_BYTES_BUDGET) break;
      if (oldKey === key) continue;
      this.known.delete(oldKey);
      this.heldBytes -= old.data?.length ?? 0;
    }
    return thumb;
  }
}

async function readAll(stream: Promise<Readable>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
