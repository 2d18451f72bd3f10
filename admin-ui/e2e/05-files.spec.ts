// Files end to end: a file field's options in the field editor; then a record created with an
// image and a small attachment (one multipart write) and a big one (a resumable upload first),
// the image's thumbnail in the grid, the preview and the download, a refused type shown at its
// field, and an attachment removed, checked through the REST API.
import type { Page } from '@playwright/test';
import { deflateSync } from 'node:zlib';
import {
  ADMIN,
  baseUrl,
  expect,
  login,
  rest,
  screenshot,
  signInThroughStorage,
  test,
  waitForApi,
  type Session,
} from './fixtures';

test.describe.configure({ mode: 'serial' });

let admin: Session;

interface StoredFile {
  name: string;
  originalName: string;
  size: number;
  type: string;
  width?: number;
  height?: number;
}

interface Album {
  id: string;
  title: string;
  image: StoredFile | null;
  attachments: StoredFile[];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid RGB PNG of `width` × `height`: a diagonal gradient, so a crop shows. */
function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, no interlace
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) rows.push((x * 255) / width, (y * 255) / height, 160);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function albumRows(page: Page) {
  return page.getByRole('grid', { name: 'albums records' }).locator('tbody').getByRole('row');
}

test.beforeAll(async () => {
  // The first admin, when this spec runs alone (after 01-first-run the answer is 409).
  const setup = await fetch(`${baseUrl()}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect([201, 409]).toContain(setup.status);
  admin = await login();
  const created = await rest(admin, 'POST', '/api/v1/collections', {
    name: 'albums',
    fields: [
      { name: 'title', type: 'text', options: { required: true } },
      { name: 'image', type: 'file', options: { mimeTypes: ['image/*'], thumbs: ['100x100'] } },
      { name: 'attachments', type: 'file', options: { multiple: true, maxFiles: 3 } },
    ],
  });
  expect(created.status).toBe(201);
});

test.beforeEach(async ({ page }) => {
  await signInThroughStorage(page);
});

test('schema: a file field with its limits, types and thumbnail presets', async ({ page }) => {
  await page.goto('collections/albums/schema');
  await page.getByRole('button', { name: 'Add field' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New field' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('scans');
  await page.getByRole('combobox', { name: 'Type', exact: true }).click();
  await page.getByRole('option', { name: /^File —/ }).click();
  await dialog.getByLabel('Multiple files').check();
  await dialog.getByRole('textbox', { name: 'At most (files per record)' }).fill('4');
  await dialog.getByRole('textbox', { name: 'Largest file' }).fill('2');
  await dialog.getByRole('combobox', { name: 'Unit of the largest file' }).selectOption('MiB');
  const types = dialog.getByRole('combobox', { name: 'Accepted types' });
  await types.fill('application/pdf');
  await types.press('Enter');
  const thumbs = dialog.getByRole('combobox', { name: 'Thumbnail presets' });
  await thumbs.fill('0x0');
  await thumbs.press('Enter');
  await expect(dialog.getByText(/Not a preset: 0x0/)).toBeVisible();
  await thumbs.press('Backspace'); // removes the last tag
  await thumbs.fill('200x0');
  await thumbs.press('Enter');
  await expect(dialog.getByText(/Not a preset/)).toBeHidden();
  await dialog.getByLabel('Protected').check();
  await screenshot(page, 'field-editor-file');
  await dialog.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('listitem', { name: 'Field scans' })).toContainText('thumbs 200x0');

  const preview = waitForApi(page, 'PUT', '/api/v1/collections/albums');
  await page.getByRole('button', { name: 'Review and save' }).click();
  expect((await preview).status()).toBe(200);
  const review = page.getByRole('dialog', { name: 'Review schema changes' });
  await expect(review.getByText('ADD COLUMN "scans" jsonb').first()).toBeVisible();
  const saving = waitForApi(page, 'PUT', '/api/v1/collections/albums');
  await review.getByRole('button', { name: 'Apply changes' }).click();
  expect((await saving).status()).toBe(200);
  await expect(page.getByText('No unsaved changes')).toBeVisible();
  const saved = await rest<{ data: { fields: { name: string; type: string; options: unknown }[] } }>(
    admin,
    'GET',
    '/api/v1/collections/albums',
  );
  expect(saved.body.data.fields.find((field) => field.name === 'scans')).toMatchObject({
    type: 'file',
    options: {
      multiple: true,
      maxFiles: 4,
      maxSize: 2 * 1024 * 1024,
      mimeTypes: ['application/pdf'],
      thumbs: ['200x0'],
      protected: true,
    },
  });
});

test('records: upload, thumbnail, preview, download, a refused type, and a removal', async ({ page }) => {
  const image = png(160, 120);
  await page.goto('collections/albums/records');
  await expect(page.getByText('No records yet')).toBeVisible();

  // One multipart write: the title in @json, the image and the attachment as file parts.
  await page.getByRole('button', { name: 'New record' }).click();
  const drawer = page.getByRole('dialog', { name: 'New albums record' });
  await drawer.getByLabel('title').fill('Summer');
  await drawer.getByLabel('image').setInputFiles({ name: 'beach.png', mimeType: 'image/png', buffer: image });
  // Over 5 MiB: sent over tus before the record write, which then references the upload.
  const big = Buffer.from('a line of the trip log\n'.repeat(300_000));
  await drawer.getByLabel('attachments').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('packing list\n') },
    { name: 'trip.log', mimeType: 'text/plain', buffer: big },
  ]);
  await expect(drawer.getByText('beach.png')).toBeVisible();
  await expect(drawer.getByText('notes.txt')).toBeVisible();
  await expect(drawer.getByText('resumable upload')).toBeVisible();
  const tusStarted = waitForApi(page, 'POST', '/api/v1/uploads');
  const tusFinished = waitForApi(page, 'PATCH', /^\/api\/v1\/uploads\/[A-Za-z0-9_-]+$/);
  const thumbnail = page.waitForResponse(
    (response) => response.url().includes('/api/v1/files/albums/') && response.url().includes('thumb=100x100'),
  );
  const created = waitForApi(page, 'POST', '/api/v1/collections/albums/records');
  await drawer.getByRole('button', { name: 'Create record' }).click();
  expect((await tusStarted).status()).toBe(201);
  expect((await tusFinished).status()).toBe(204);
  const answer = await created;
  expect(answer.status()).toBe(201);
  expect(await answer.request().headerValue('content-type')).toMatch(/^multipart\/form-data/);
  await expect(drawer).toBeHidden();

  // The grid shows the image's 100x100 thumbnail, fetched with the token, and the attachment's name.
  const row = albumRows(page).filter({ hasText: 'Summer' });
  expect((await thumbnail).status()).toBe(200);
  const thumb = row.getByRole('img', { name: 'beach.png' });
  await expect(thumb).toBeVisible();
  await expect(thumb).toHaveJSProperty('naturalWidth', 100);
  await expect(row.getByRole('button', { name: 'Preview notes.txt' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Preview trip.log' })).toBeVisible();
  await screenshot(page, 'records-files');

  // The preview shows the image; Download saves it under its original name.
  await row.getByRole('button', { name: 'Preview beach.png' }).click();
  const preview = page.getByRole('dialog', { name: 'beach.png' });
  await expect(preview.getByRole('img', { name: 'beach.png' })).toHaveJSProperty('naturalWidth', 160);
  await expect(preview).toContainText('160 × 120');
  await screenshot(page, 'file-preview');
  const download = page.waitForEvent('download');
  await preview.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toBe('beach.png');
  await preview.getByRole('button', { name: 'Close' }).click();
  await expect(preview).toBeHidden();

  // Text posing as an image: the server sniffs it and refuses it; the form says so at the field.
  await row.getByRole('button', { name: /Open record/ }).click();
  const edit = page.getByRole('dialog', { name: 'Edit albums record' });
  await expect(edit.getByRole('button', { name: 'Preview notes.txt' })).toBeVisible();
  await edit.getByLabel('image').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('hi') });
  await expect(edit.getByText('replaced when saved')).toBeVisible();
  let saved = waitForApi(page, 'PATCH', /\/api\/v1\/collections\/albums\/records\/.+/);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  expect((await saved).status()).toBe(415);
  await expect(edit.getByText('image accepts image/*; the content of this file is text/plain.')).toBeVisible();
  await screenshot(page, 'record-file-refused');

  // Changing one's mind keeps the image; removing an attachment is a JSON write of the kept list.
  await edit.getByRole('button', { name: 'Remove fake.png' }).click();
  await edit.getByRole('button', { name: 'Remove notes.txt' }).click();
  saved = waitForApi(page, 'PATCH', /\/api\/v1\/collections\/albums\/records\/.+/);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const patched = await saved;
  expect(patched.status()).toBe(200);
  expect(await patched.request().headerValue('content-type')).toMatch(/^application\/json/);
  await expect(edit).toBeHidden();
  await expect(row.getByRole('button', { name: 'Preview notes.txt' })).toHaveCount(0);

  const listed = await rest<{ data: Album[] }>(admin, 'GET', '/api/v1/collections/albums/records');
  expect(listed.body.data).toHaveLength(1);
  const album = listed.body.data[0];
  expect(album?.attachments.map((file) => [file.originalName, file.size])).toEqual([['trip.log', big.length]]);
  expect(album?.image).toMatchObject({ originalName: 'beach.png', type: 'image/png', width: 160, height: 120 });
});
