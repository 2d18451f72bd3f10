// The local-disk driver: each object is a file under one root directory (FILES_DIR), its key
// the relative path. Writes land in a hidden temporary file and are renamed into place.

import { randomBytes } from 'node:crypto';
import { type Dirent } from 'node:fs';
import { lstat, mkdir, open, opendir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertStorageKey,
  StorageObjectMissing,
  type ByteRange,
  type FileStorage,
  type PutOptions,
  type StoredObject,
} from './file-storage.js';

/** How often a write retries when a concurrent removal prunes the folder it just created. */
const PARENT_DIR_ATTEMPTS = 5;

// Not `instanceof Error`: errors made by Node's fs can come from another realm (as under Jest).
function hasCode(error: unknown, ...codes: string[]): boolean {
  const code = typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
  return code !== undefined && codes.includes(code);
}

/** Key segments never start with `.`, so no object can collide with a temporary file. */
const isTemporary = (name: string): boolean => name.startsWith('.');

async function* countBytes(source: AsyncIterable<Buffer | string>, count: (bytes: number) => void) {
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    count(bytes.length);
    yield bytes;
  }
}

export class LocalFileStorage implements FileStorage {
  readonly driver = 'local';
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Readable | Buffer, _options: PutOptions): Promise<number> {
    const target = this.pathOf(key);
    const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.partial`);
    // Opened before the body is consumed, so a pruned parent folder can still be recreated.
    const handle = await this.withParentDir(temporary, () => open(temporary, 'wx'));
    let written = 0;
    try {
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      await pipeline(source, (chunks) => countBytes(chunks, (bytes) => (written += bytes)), handle.createWriteStream());
      await rename(temporary, target);
      return written;
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    // Opening first turns a missing object into a rejection rather than a stream error.
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw hasCode(error, 'ENOENT', 'ENOTDIR') ? new StorageObjectMissing(key) : error;
    });
    try {
      // A folder under this name holds other objects' keys; it is not this object.
      if ((await handle.stat()).isFile()) return handle.createReadStream(range ? { ...range } : {});
    } catch (error) {
      await handle.close();
      throw error;
    }
    await handle.close();
    throw new StorageObjectMissing(key);
  }

  async stat(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    try {
      const stats = await lstat(path);
      // A Date made here, not fs's own: fs may build its objects in another realm (as under Jest).
      return stats.isFile() ? { key, size: stats.size, lastModified: new Date(stats.mtimeMs) } : null;
    } catch (error) {
      if (hasCode(error, 'ENOENT', 'ENOTDIR')) return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      // EISDIR: a folder under this name holds other objects' keys; it is not this object.
      if (hasCode(error, 'ENOENT', 'ENOTDIR', 'EISDIR')) return;
      throw error;
    }
    await this.pruneEmptyParents(path);
  }

  async removePrefix(prefix: string): Promise<number> {
    const dir = this.pathOf(prefix, { prefix: true });
    // Unlinking file by file makes the count exactly what this call removed.
    let removed = 0;
    for await (const { key } of this.list(prefix)) {
      await unlink(this.pathOf(key)).then(
        () => (removed += 1),
        (error: unknown) => {
          if (!hasCode(error, 'ENOENT')) throw error;
        },
      );
    }
    await rm(dir, { recursive: true, force: true });
    await this.pruneEmptyParents(dir);
    return removed;
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    yield* this.walk(this.pathOf(prefix, { prefix: true }), prefix);
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    // A folder under the source name is a set of other keys, never one object to rename.
    if ((await this.stat(from)) === null) throw new StorageObjectMissing(from);
    try {
      await this.withParentDir(target, () => rename(source, target));
    } catch (error) {
      throw hasCode(error, 'ENOENT') && (await this.stat(from)) === null ? new StorageObjectMissing(from) : error;
    }
    await this.pruneEmptyParents(source);
  }

  signedUrl(key: string): Promise<string | null> {
    // An invalid key rejects, as every other operation does, rather than throwing.
    return new Promise((resolve) => {
      assertStorageKey(key);
      resolve(null);
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** The file for a key; keys are checked, and the path is checked again against the root. */
  private pathOf(key: string, options: { prefix?: boolean } = {}): string {
    assertStorageKey(key, options);
    const path = resolve(this.root, key);
    const fromRoot = relative(this.root, path);
    if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
      throw new Error(`Storage key ${JSON.stringify(key)} leaves the storage root`);
    }
    return path;
  }

  /** Runs `write` after creating the folder of `path`, again if a removal pruned it meanwhile. */
  private async withParentDir<T>(path: string, write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      await mkdir(dirname(path), { recursive: true });
      try {
        return await write();
      } catch (error) {
        if (!hasCode(error, 'ENOENT') || attempt >= PARENT_DIR_ATTEMPTS) throw error;
      }
    }
  }

  /** Removes the folders left empty above `path`, stopping at the root or the first non-empty one. */
  private async pruneEmptyParents(path: string): Promise<void> {
    for (let dir = dirname(path); dir !== this.root && dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch (error) {
        if (hasCode(error, 'ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR')) return;
        throw error;
      }
    }
  }

  private async *walk(dir: string, keyPrefix: string): AsyncGenerator<StoredObject> {
    let entries: Dirent[];
    try {
      entries = [];
      for await (const entry of await opendir(dir)) entries.push(entry);
    } catch (error) {
      if (hasCode(error, 'ENOENT', 'ENOTDIR')) return;
      throw error;
    }
    for (const entry of entries) {
      if (isTemporary(entry.name)) continue;
      const key = `${keyPrefix}${entry.name}`;
      if (entry.isDirectory()) {
        yield* this.walk(join(dir, entry.name), `${key}/`);
      } else if (entry.isFile()) {
        const object = await this.stat(key);
        if (object) yield object;
      }
    }
  }
}
