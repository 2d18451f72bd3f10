import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureTransferDirs,
  exportFilePath,
  importUploadPath,
  removeExpiredFiles,
  removeJobFiles,
} from './transfer-files.js';

describe('transfer files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagecraft-transfer-'));
    await ensureTransferDirs(dir);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removeExpiredFiles deletes uploads and exports older than the cut-off only', async () => {
    const now = Date.now();
    const old = new Date(now - 3 * 3600_000);
    for (const path of [importUploadPath(dir, 'old-upload'), exportFilePath(dir, 'old-export', 'csv')]) {
      await writeFile(path, 'x');
      await utimes(path, old, old);
    }
    await writeFile(importUploadPath(dir, 'new-upload'), 'x');
    await writeFile(exportFilePath(dir, 'new-export', 'ndjson'), 'x');

    expect(await removeExpiredFiles(dir, 2 * 3600_000, now)).toBe(2);
    expect(await readdir(join(dir, 'imports'))).toEqual(['new-upload']);
    expect(await readdir(join(dir, 'exports'))).toEqual(['new-export.ndjson']);
  });

  it('removeExpiredFiles is a no-op on a directory never used', async () => {
    expect(await removeExpiredFiles(join(dir, 'missing'), 0)).toBe(0);
  });

  it('removeJobFiles deletes what one job left and tolerates missing files', async () => {
    await writeFile(exportFilePath(dir, 'job-1', 'csv'), 'x');
    await writeFile(exportFilePath(dir, 'job-2', 'csv'), 'x');
    await removeJobFiles(dir, 'job-1');
    await removeJobFiles(dir, 'job-3');
    expect(await readdir(join(dir, 'exports'))).toEqual(['job-2.csv']);
  });
});
