// Conformance of the two file-storage drivers: the same cases against local disk (a temporary
// folder) and an S3-compatible store (s3rver on loopback, under a key prefix), no mocks.

import {
  createFileStorage,
  StorageObjectMissing,
  type FileStorage,
  type FileStorageSettings,
  type StorageDriverName,
} from '@stagecraft/files';
import { startS3Server } from '@stagecraft/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const MB = 1024 * 1024;
const TEXT = { contentType: 'text/plain' };
const BINARY = { contentType: 'application/octet-stream' };

interface DriverSetup {
  readonly settings: FileStorageSettings;
  /** The same driver pointed at nothing usable: any I/O it attempted would fail differently. */
  readonly unreachable: FileStorageSettings;
  stop(): Promise<void>;
}

interface DriverCase {
  readonly name: StorageDriverName;
  start(): Promise<DriverSetup>;
}

const DRIVERS: DriverCase[] = [
  {
    name: 'local',
    start: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'stagecraft-files-'));
      return {
        settings: { driver: 'local', dir },
        unreachable: { driver: 'local', dir: '/dev/null/no-such-root' },
        stop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 's3',
    start: async () => {
      const server = await startS3Server();
      const shared = {
        driver: 's3',
        region: 'us-east-1',
        bucket: server.bucket,
        accessKeyId: server.accessKeyId,
        secretAccessKey: server.secretAccessKey,
        forcePathStyle: true,
        prefix: 'stagecraft/',
      } as const;
      return {
        settings: { ...shared, endpoint: server.endpoint },
        // Port 9 (discard) on loopback: nothing listens, a request would fail to connect.
        unreachable: { ...shared, endpoint: 'http://127.0.0.1:9' },
        stop: () => server.stop(),
      };
    },
  },
];

/** `size` bytes sent as a stream of `chunkSize`-byte chunks, as an upload arrives. */
function chunked(data: Buffer, chunkSize: number): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < data.length; offset += chunkSize) yield data.subarray(offset, offset + chunkSize);
    })(),
  );
}

/** A stream that sends `before` and then fails, as a client that disconnects mid-upload. */
function failingAfter(before: Buffer): Readable {
  return Readable.from(
    (async function* () {
      yield before;
      await Promise.resolve();
      throw new Error('client went away');
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Every file under `dir`, as relative paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

const INVALID_KEYS = ['../x', '/abs', 'a//b', 'a/./b', 'a/../b', '', 'a b', 'a\0b', 'a/', '.hidden', 'a/.partial'];
const INVALID_PREFIXES = ['a', '', '/a/', '../', 'a//', 'a/./', 'a b/', '/'];

describe.each(DRIVERS)('$name file storage', (driver) => {
  let setup: DriverSetup;
  let storage: FileStorage;
  /** A folder of its own for each test, so tests share the store but never each other's keys. */
  let ns: string;
  const key = (path: string): string => `${ns}${path}`;

  beforeAll(async () => {
    setup = await driver.start();
    storage = createFileStorage(setup.settings);
  });

  afterAll(async () => {
    await storage?.close();
    await setup?.stop();
  });

  beforeEach(() => {
    ns = `case-${randomUUID()}/`;
  });

  it('is the driver the settings name', () => {
    expect(storage.driver).toBe(driver.name);
  });

  describe('put and read', () => {
    it('stores a Buffer and reads back the same bytes', async () => {
      const data = randomBytes(4096);
      await expect(storage.put(key('f/buffer.bin'), data, BINARY)).resolves.toBe(data.length);
      expect((await readAll(await storage.read(key('f/buffer.bin')))).equals(data)).toBe(true);
    });

    it.each([
      { name: '3 MB in 64 KB chunks (one request)', size: 3 * MB, chunk: 64 * 1024 },
      { name: '11 MB in 1 MB chunks (a multipart upload on S3)', size: 11 * MB, chunk: MB },
      { name: 'an empty stream', size: 0, chunk: 1 },
    ])('stores a stream of $name and reads back the same bytes', async ({ size, chunk }) => {
      const data = randomBytes(size);
      await expect(storage.put(key('f/stream.bin'), chunked(data, chunk), BINARY)).resolves.toBe(size);
      expect((await readAll(await storage.read(key('f/stream.bin')))).equals(data)).toBe(true);
      expect((await storage.stat(key('f/stream.bin')))?.size).toBe(size);
    });

    it('replaces an object put again under the same key', async () => {
      await storage.put(key('f/note.txt'), Buffer.from('the first, longer version'), TEXT);
      await storage.put(key('f/note.txt'), chunked(Buffer.from('second'), 2), TEXT);
      expect((await readAll(await storage.read(key('f/note.txt')))).toString()).toBe('second');
      expect((await storage.stat(key('f/note.txt')))?.size).toBe(6);
    });

    it('shows nothing of an object while its body is still arriving', async () => {
      let firstChunkTaken!: () => void;
      const tookFirstChunk = new Promise<void>((resolve) => (firstChunkTaken = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const body = Readable.from(
        (async function* () {
          yield Buffer.from('first half, ');
          firstChunkTaken();
          await released;
          yield Buffer.from('second half');
        })(),
      );

      const writing = storage.put(key('f/slow.txt'), body, TEXT);
      await tookFirstChunk;
      expect(await storage.stat(key('f/slow.txt'))).toBeNull();
      await expect(storage.read(key('f/slow.txt'))).rejects.toBeInstanceOf(StorageObjectMissing);
      expect(await collect(storage.list(ns))).toEqual([]);
      release();

      await expect(writing).resolves.toBe(23);
      expect((await readAll(await storage.read(key('f/slow.txt')))).toString()).toBe('first half, second half');
    });

    it.each([
      { name: 'a small body', size: 1000 },
      { name: 'a multipart-sized body', size: 6 * MB },
    ])('keeps the previous object when a put of $name fails midway', async ({ size }) => {
      await storage.put(key('f/kept.txt'), Buffer.from('previous'), TEXT);
      await expect(storage.put(key('f/kept.txt'), failingAfter(randomBytes(size)), TEXT)).rejects.toThrow(
        'client went away',
      );
      await expect(storage.put(key('f/never.txt'), failingAfter(randomBytes(size)), TEXT)).rejects.toThrow(
        'client went away',
      );

      expect((await readAll(await storage.read(key('f/kept.txt')))).toString()).toBe('previous');
      expect(await storage.stat(key('f/never.txt'))).toBeNull();
      expect((await collect(storage.list(ns))).map((object) => object.key)).toEqual([key('f/kept.txt')]);
    });
  });

  describe('byte ranges', () => {
    const data = randomBytes(1000);

    it.each([
      { name: 'the first byte', start: 0, end: 0 },
      { name: 'a middle slice', start: 400, end: 599 },
      { name: 'the last byte', start: 999, end: 999 },
      { name: 'the whole object', start: 0, end: 999 },
    ])('reads $name', async ({ start, end }) => {
      await storage.put(key('r/data.bin'), data, BINARY);
      const slice = await readAll(await storage.read(key('r/data.bin'), { start, end }));
      expect(slice.equals(data.subarray(start, end + 1))).toBe(true);
    });
  });

  describe('stat and missing objects', () => {
    it('describes a present object', async () => {
      const before = Date.now();
      await storage.put(key('s/present.txt'), Buffer.from('12345'), TEXT);
      const stat = await storage.stat(key('s/present.txt'));
      expect(stat).toEqual({ key: key('s/present.txt'), size: 5, lastModified: expect.any(Date) });
      // S3 keeps whole seconds.
      expect(Math.abs(stat!.lastModified.getTime() - before)).toBeLessThan(60_000);
    });

    it('answers null for a missing object, and for a folder of other objects', async () => {
      await storage.put(key('s/folder/inside.txt'), Buffer.from('x'), TEXT);
      expect(await storage.stat(key('s/missing.txt'))).toBeNull();
      expect(await storage.stat(key('s/folder'))).toBeNull();
    });

    it.each([
      { name: 'whole', range: undefined },
      { name: 'a range of', range: { start: 0, end: 3 } },
    ])('rejects a read of $name a missing object with StorageObjectMissing', async ({ range }) => {
      const reading = storage.read(key('s/missing.txt'), range);
      await expect(reading).rejects.toBeInstanceOf(StorageObjectMissing);
      await expect(reading).rejects.toMatchObject({ key: key('s/missing.txt') });
    });
  });

  describe('remove', () => {
    it('removes an object, and removing it again or a never-stored key is not an error', async () => {
      await storage.put(key('d/gone.txt'), Buffer.from('x'), TEXT);
      await storage.remove(key('d/gone.txt'));
      expect(await storage.stat(key('d/gone.txt'))).toBeNull();
      await expect(storage.remove(key('d/gone.txt'))).resolves.toBeUndefined();
      await expect(storage.remove(key('d/never-stored.txt'))).resolves.toBeUndefined();
    });

    it('leaves the other objects in the same folder', async () => {
      await storage.put(key('d/one.txt'), Buffer.from('1'), TEXT);
      await storage.put(key('d/two.txt'), Buffer.from('2'), TEXT);
      await storage.remove(key('d/one.txt'));
      expect((await collect(storage.list(ns))).map((object) => object.key)).toEqual([key('d/two.txt')]);
    });
  });

  describe('removePrefix', () => {
    it('removes every object under the prefix, returns how many, and leaves look-alike siblings', async () => {
      const removed = ['a/b/1.txt', 'a/b/c/2.txt', 'a/b/c/d/e.txt'].map(key);
      const kept = ['a/bc/3.txt', 'a/b.txt', 'a/4.txt', 'ab/5.txt'].map(key);
      for (const path of [...removed, ...kept]) await storage.put(path, Buffer.from(path), TEXT);

      await expect(storage.removePrefix(key('a/b/'))).resolves.toBe(3);
      const left = (await collect(storage.list(ns))).map((object) => object.key);
      expect(left.sort()).toEqual([...kept].sort());
      expect(await storage.stat(key('a/b/1.txt'))).toBeNull();
    });

    it('answers 0 for a prefix with nothing under it', async () => {
      await expect(storage.removePrefix(key('empty/'))).resolves.toBe(0);
    });

    it('removes more objects than one listing page holds', async () => {
      const count = 1005;
      const keys = Array.from({ length: count }, (_, index) => key(`many/${String(index).padStart(4, '0')}.txt`));
      for (let start = 0; start < count; start += 50) {
        await Promise.all(keys.slice(start, start + 50).map((path) => storage.put(path, Buffer.from('x'), TEXT)));
      }
      await expect(storage.removePrefix(key('many/'))).resolves.toBe(count);
      expect(await collect(storage.list(ns))).toEqual([]);
    }, 120_000);
  });

  describe('list', () => {
    it('yields exactly the objects under a prefix, with their sizes', async () => {
      await storage.put(key('l/a/1.txt'), Buffer.from('1'), TEXT);
      await storage.put(key('l/a/deep/2.txt'), Buffer.from('22'), TEXT);
      await storage.put(key('l/ab/3.txt'), Buffer.from('333'), TEXT);
      await storage.put(key('l/a.txt'), Buffer.from('4444'), TEXT);

      const listed = await collect(storage.list(key('l/a/')));
      expect(
        listed.map(({ key: listedKey, size }) => ({ key: listedKey, size })).sort((x, y) => x.key.localeCompare(y.key)),
      ).toEqual([
        { key: key('l/a/1.txt'), size: 1 },
        { key: key('l/a/deep/2.txt'), size: 2 },
      ]);
      expect(listed.every((object) => object.lastModified instanceof Date)).toBe(true);
    });

    it('yields nothing under a prefix that was never used', async () => {
      expect(await collect(storage.list(key('nothing/')))).toEqual([]);
    });
  });

  describe('move', () => {
    it('moves an object to a new key', async () => {
      await storage.put(key('m/from.txt'), Buffer.from('moving'), TEXT);
      await storage.move(key('m/from.txt'), key('m/elsewhere/to.txt'));
      expect(await storage.stat(key('m/from.txt'))).toBeNull();
      expect((await readAll(await storage.read(key('m/elsewhere/to.txt')))).toString()).toBe('moving');
    });

    it('replaces an object already at the target key', async () => {
      await storage.put(key('m/new.txt'), Buffer.from('new'), TEXT);
      await storage.put(key('m/old.txt'), Buffer.from('old'), TEXT);
      await storage.move(key('m/new.txt'), key('m/old.txt'));
      expect((await readAll(await storage.read(key('m/old.txt')))).toString()).toBe('new');
      expect((await collect(storage.list(ns))).map((object) => object.key)).toEqual([key('m/old.txt')]);
    });

    it('leaves an object moved onto its own key in place', async () => {
      await storage.put(key('m/same.txt'), Buffer.from('same'), TEXT);
      await storage.move(key('m/same.txt'), key('m/same.txt'));
      expect((await readAll(await storage.read(key('m/same.txt')))).toString()).toBe('same');
    });

    it('rejects a move of a missing object with StorageObjectMissing', async () => {
      await storage.put(key('m/folder/inside.txt'), Buffer.from('x'), TEXT);
      await expect(storage.move(key('m/missing.txt'), key('m/to.txt'))).rejects.toBeInstanceOf(StorageObjectMissing);
      await expect(storage.move(key('m/folder'), key('m/to.txt'))).rejects.toBeInstanceOf(StorageObjectMissing);
      expect(await storage.stat(key('m/to.txt'))).toBeNull();
    });
  });

  describe('invalid keys are refused before any I/O', () => {
    let unreachable: FileStorage;
    beforeAll(() => {
      unreachable = createFileStorage(setup.unreachable);
    });
    afterAll(async () => {
      await unreachable?.close();
    });

    const keyOperations: [string, (target: FileStorage, bad: string) => Promise<unknown>][] = [
      ['put', (target, bad) => target.put(bad, Buffer.from('x'), TEXT)],
      ['put of a stream', (target, bad) => target.put(bad, chunked(Buffer.from('xyz'), 1), TEXT)],
      ['read', (target, bad) => target.read(bad)],
      ['stat', (target, bad) => target.stat(bad)],
      ['remove', (target, bad) => target.remove(bad)],
      ['move from', (target, bad) => target.move(bad, 'valid/key.txt')],
      ['move to', (target, bad) => target.move('valid/key.txt', bad)],
      ['signedUrl', (target, bad) => target.signedUrl(bad, { expiresInSeconds: 60 })],
    ];
    const prefixOperations: [string, (target: FileStorage, bad: string) => Promise<unknown>][] = [
      ['removePrefix', (target, bad) => target.removePrefix(bad)],
      ['list', (target, bad) => collect(target.list(bad))],
    ];

    it.each(INVALID_KEYS)('refuses the key %j in every operation', async (bad) => {
      for (const [, operation] of keyOperations) {
        await expect(operation(unreachable, bad)).rejects.toThrow('Invalid storage key');
        await expect(operation(storage, bad)).rejects.toThrow('Invalid storage key');
      }
    });

    it.each(INVALID_PREFIXES)('refuses the prefix %j', async (bad) => {
      for (const [, operation] of prefixOperations) {
        await expect(operation(unreachable, bad)).rejects.toThrow('Invalid storage prefix');
        await expect(operation(storage, bad)).rejects.toThrow('Invalid storage prefix');
      }
    });
  });

  describe('signedUrl', () => {
    if (driver.name === 'local') {
      it('is null: local files are served by the API', async () => {
        await storage.put(key('u/file.txt'), Buffer.from('x'), TEXT);
        await expect(storage.signedUrl(key('u/file.txt'), { expiresInSeconds: 60 })).resolves.toBeNull();
      });
    } else {
      it('is a URL that downloads the bytes with the requested headers', async () => {
        const data = randomBytes(2048);
        await storage.put(key('u/report.pdf'), data, { contentType: 'application/pdf' });
        const disposition = 'attachment; filename="report 2026.pdf"';
        const url = await storage.signedUrl(key('u/report.pdf'), {
          expiresInSeconds: 60,
          contentDisposition: disposition,
          contentType: 'application/x-report',
        });

        const response = await fetch(url!);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-disposition')).toBe(disposition);
        expect(response.headers.get('content-type')).toBe('application/x-report');
        expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);
      });
    }
  });
});

describe('local file storage on disk', () => {
  let dir: string;
  let storage: FileStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagecraft-files-'));
    storage = createFileStorage({ driver: 'local', dir });
  });

  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves no object and no temporary file after a put whose stream fails midway', async () => {
    await expect(storage.put('c/f/broken.bin', failingAfter(randomBytes(MB)), BINARY)).rejects.toThrow(
      'client went away',
    );
    expect(await storage.stat('c/f/broken.bin')).toBeNull();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('stores a key as the file of that relative path', async () => {
    await storage.put('c/f/name.txt', Buffer.from('on disk'), TEXT);
    expect(await filesUnder(dir)).toEqual(['c/f/name.txt']);
  });

  it('prunes the folders a removal leaves empty, up to the root', async () => {
    await storage.put('c/f1/one.txt', Buffer.from('1'), TEXT);
    await storage.put('c/f2/deep/two.txt', Buffer.from('2'), TEXT);
    await storage.remove('c/f1/one.txt');
    await storage.removePrefix('c/f2/deep/');
    expect(await readdir(dir)).toEqual([]);
  });
});
