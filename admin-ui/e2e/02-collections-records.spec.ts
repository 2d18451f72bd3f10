// The data flow end to end: design a collection with text, number, boolean, select and
// relation fields, set a rule, add records, filter and sort, edit (a validation error, then a
// 412 conflict), delete one and several, and check the result through the REST API.
import type { Page } from '@playwright/test';
import {
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
const authors: Record<string, string> = {};

async function chooseOption(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
}

async function addField(page: Page, name: string, type: RegExp, configure?: () => Promise<void>) {
  await page.getByRole('button', { name: 'Add field' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New field' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await chooseOption(page, 'Type', type);
  if (configure) await configure();
  await dialog.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('listitem', { name: `Field ${name}` })).toBeVisible();
}

function bookRows(page: Page) {
  // The grid's body rows (the spacer rows of its virtualisation are hidden from roles).
  return page.getByRole('grid', { name: 'books records' }).locator('tbody').getByRole('row');
}

test.beforeAll(async () => {
  admin = await login();
  // The relation target is set up through the API: the console flow under test is "books".
  const created = await rest(admin, 'POST', '/api/v1/collections', {
    name: 'authors',
    rules: { list: '', view: '' },
    fields: [{ name: 'name', type: 'text', options: { required: true } }],
  });
  expect(created.status).toBe(201);
  for (const name of ['Ada Lovelace', 'Grace Hopper']) {
    const record = await rest<{ data: { id: string } }>(admin, 'POST', '/api/v1/collections/authors/records', { name });
    authors[name] = record.body.data.id;
  }
});

test.beforeEach(async ({ page }) => {
  await signInThroughStorage(page);
});

test('design a collection: fields of five types, reviewed with their SQL', async ({ page }) => {
  await page.goto('collections');
  await page.getByRole('button', { name: 'New collection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New collection' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Bad name');
  await dialog.getByRole('button', { name: 'Create collection' }).click();
  await expect(dialog.getByText(/Start with a lowercase letter/)).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('books');
  await dialog.getByLabel('Description').fill('Books in the shop');
  const created = waitForApi(page, 'POST', '/api/v1/collections');
  await dialog.getByRole('button', { name: 'Create collection' }).click();
  expect((await created).status()).toBe(201);
  await expect(page).toHaveURL(/\/admin\/collections\/books\/schema$/);
  await expect(page.getByText('No fields yet')).toBeVisible();

  await addField(page, 'title', /^Text —/, async () => {
    await page.getByLabel('Max length').fill('40');
    await page.getByLabel('Required', { exact: true }).check();
  });
  await addField(page, 'price', /^Number —/, async () => {
    await page.getByLabel('Minimum').fill('0');
  });
  await addField(page, 'in_stock', /^Boolean —/);
  await addField(page, 'genre', /^Select —/, async () => {
    const values = page.getByRole('combobox', { name: 'Allowed values' });
    await values.fill('fiction');
    await values.press('Enter');
    await values.fill('poetry');
    await values.press('Enter');
    await values.fill('science');
    await values.press('Enter');
  });
  await addField(page, 'author', /^Relation —/, async () => {
    await chooseOption(page, 'Target collection', 'authors');
    await screenshot(page, 'field-editor-relation');
  });
  // New fields are added in the draft's order: moving one is no extra step.
  await page.getByRole('button', { name: 'Move genre up' }).click();
  await expect(page.getByText('5 unsaved changes')).toBeVisible();

  const previews = page.waitForResponse(
    (response) => response.url().includes('dry_run=true') && response.request().method() === 'PUT',
  );
  await page.getByRole('button', { name: 'Review and save' }).click();
  await previews;
  const review = page.getByRole('dialog', { name: 'Review schema changes' });
  await expect(review.getByText('ADD COLUMN "title" text NOT NULL').first()).toBeVisible();
  await expect(review.getByText(/REFERENCES "data"\."authors"/).first()).toBeVisible();
  await screenshot(page, 'schema-review-sql');
  const saving = waitForApi(page, 'PUT', '/api/v1/collections/books');
  await review.getByRole('button', { name: 'Apply changes' }).click();
  expect((await saving).status()).toBe(200);
  await expect(page.getByText('No unsaved changes')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Fields' }).getByRole('listitem')).toHaveCount(5);
  await screenshot(page, 'schema-designer');

  const saved = await rest<{ data: { fields: { name: string; type: string; options: Record<string, unknown> }[] } }>(
    admin,
    'GET',
    '/api/v1/collections/books',
  );
  expect(saved.body.data.fields.map((field) => `${field.name}:${field.type}`)).toEqual([
    'title:text',
    'price:number',
    'genre:select',
    'in_stock:boolean',
    'author:relation',
  ]);
  expect(saved.body.data.fields[0]?.options).toEqual({ required: true, maxLength: 40 });
  expect(saved.body.data.fields[4]?.options).toEqual({ kind: 'many_to_one', target: 'authors', onDelete: 'set_null' });
});

test('access rules: a bad expression is shown at its position, a good one saved', async ({ page }) => {
  await page.goto('collections/books/rules');
  const list = page.getByRole('group', { name: 'list rule' });
  await list.getByText('Expression', { exact: true }).click();
  await list.getByLabel('list rule expression').fill('price > && in_stock = true');
  const failed = waitForApi(page, 'PATCH', '/api/v1/collections/books');
  await page.getByRole('button', { name: 'Save rules' }).click();
  expect((await failed).status()).toBe(400);
  await expect(list.getByRole('alert')).toContainText('at character 9');
  await screenshot(page, 'rules-error');

  await list.getByLabel('list rule expression').fill('@request.auth.id != null');
  const saved = waitForApi(page, 'PATCH', '/api/v1/collections/books');
  await page.getByRole('button', { name: 'Save rules' }).click();
  expect((await saved).status()).toBe(200);
  const collection = await rest<{ data: { rules: Record<string, string | null> } }>(
    admin,
    'GET',
    '/api/v1/collections/books',
  );
  expect(collection.body.data.rules['list']).toBe('@request.auth.id != null');
  expect(collection.body.data.rules['create']).toBeNull();
});

test('response cache: turned on for 30 s on the access rules tab, then off', async ({ page }) => {
  // "authors" (from beforeAll), so this test also runs alone (-g "response cache").
  await page.goto('collections/authors/rules');
  const card = page.getByRole('region', { name: 'Response cache' });
  const toggle = card.getByRole('switch', { name: 'Cache list and get answers in Redis' });
  const seconds = card.getByLabel('Keep answers at most (seconds)');
  const save = card.getByRole('button', { name: 'Save', exact: true });
  await expect(save).toBeDisabled();
  await toggle.dispatchEvent('click');
  await expect(seconds).toHaveValue('60');
  await seconds.fill('30');
  let saved = waitForApi(page, 'PATCH', '/api/v1/collections/authors');
  await save.click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByText('Response cache of “authors” saved')).toBeVisible();
  await expect(save).toBeDisabled();
  type Cached = { data: { cache: { ttl: number } | null } };
  expect((await rest<Cached>(admin, 'GET', '/api/v1/collections/authors')).body.data.cache).toEqual({ ttl: 30 });

  await toggle.dispatchEvent('click');
  await expect(seconds).toBeHidden();
  saved = waitForApi(page, 'PATCH', '/api/v1/collections/authors');
  await save.click();
  expect((await saved).status()).toBe(200);
  await expect(save).toBeDisabled();
  expect((await rest<Cached>(admin, 'GET', '/api/v1/collections/authors')).body.data.cache).toBeNull();
});

test('records: create, filter, sort', async ({ page }) => {
  await page.goto('collections/books/records');
  await expect(page.getByText('No records yet')).toBeVisible();

  const books = [
    { title: 'Notes on the Engine', price: '12.5', genre: 'science', author: 'Ada', stock: true },
    { title: 'Cobol Poems', price: '4', genre: 'poetry', author: 'Grace', stock: false },
    { title: 'A Quiet Novel', price: '20', genre: 'fiction', author: undefined, stock: true },
  ];
  for (const book of books) {
    await page.getByRole('button', { name: 'New record' }).click();
    const drawer = page.getByRole('dialog', { name: 'New books record' });
    await drawer.getByLabel('title').fill(book.title);
    await drawer.getByLabel('price').fill(book.price);
    if (book.stock) await drawer.getByLabel('in_stock').check();
    await chooseOption(page, 'genre', book.genre);
    if (book.author) {
      const search = waitForApi(page, 'GET', '/api/v1/collections/authors/records');
      await drawer.getByLabel('author').click();
      await drawer.getByLabel('author').fill(book.author);
      await search;
      await page.getByRole('option', { name: new RegExp(book.author) }).click();
    }
    const created = waitForApi(page, 'POST', '/api/v1/collections/books/records');
    await drawer.getByRole('button', { name: 'Create record' }).click();
    expect((await created).status()).toBe(201);
    await expect(drawer).toBeHidden();
  }
  await expect(bookRows(page)).toHaveCount(3);
  await expect(page.getByText('1–3 of 3 records')).toBeVisible();
  await expect(bookRows(page).filter({ hasText: 'Notes on the Engine' })).toContainText('Ada Lovelace');
  await screenshot(page, 'records-browser');

  // A filter in the expression language, applied on the server.
  let listed = waitForApi(page, 'GET', '/api/v1/collections/books/records');
  await page.getByRole('textbox', { name: 'Filter', exact: true }).fill('price > 10 && in_stock = true');
  await page.getByRole('textbox', { name: 'Filter', exact: true }).press('Enter');
  await listed;
  await expect(bookRows(page)).toHaveCount(2);
  await expect(bookRows(page).filter({ hasText: 'Cobol Poems' })).toHaveCount(0);

  // A bad filter: the server's message, with the position, next to the box.
  listed = waitForApi(page, 'GET', '/api/v1/collections/books/records');
  await page.getByRole('textbox', { name: 'Filter', exact: true }).fill('pricey > 10');
  await page.getByRole('textbox', { name: 'Filter', exact: true }).press('Enter');
  expect((await listed).status()).toBe(400);
  await expect(page.locator('#filter-error')).toContainText('Unknown field "pricey"; valid fields: id');
  await expect(page.locator('#filter-error')).toContainText('at character 1');
  await screenshot(page, 'records-filter-error');

  // The unfiltered page may come from the cache: wait for the rows, not for a request.
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(bookRows(page)).toHaveCount(3);

  // Sorting by a column header is a server sort.
  const sorted = page.waitForResponse((response) => response.url().includes('sort=price'));
  await page.getByRole('button', { name: 'Sort by price' }).click();
  await sorted;
  await expect(bookRows(page).first()).toContainText('Cobol Poems');
  await expect(page.getByRole('columnheader', { name: /price/ })).toHaveAttribute('aria-sort', 'ascending');
  const descending = page.waitForResponse((response) => response.url().includes('sort=-price'));
  await page.getByRole('button', { name: 'Sort by price' }).click();
  await descending;
  await expect(bookRows(page).first()).toContainText('A Quiet Novel');

  // Hiding a column.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Visible columns' }).getByLabel('genre').uncheck();
  await expect(page.getByRole('columnheader', { name: /genre/ })).toHaveCount(0);
  await page.getByRole('group', { name: 'Visible columns' }).getByLabel('genre').check();
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(bookRows(page)).toHaveCount(3);
  await screenshot(page, 'records-browser-phone');
  await page.getByRole('button', { name: 'Toggle navigation' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API keys' }),
  ).toBeVisible();
  await screenshot(page, 'navigation-phone');
});

test('records: a validation error at its input, then a 412 conflict', async ({ page }) => {
  await page.goto('collections/books/records');
  await bookRows(page)
    .filter({ hasText: 'Cobol Poems' })
    .getByRole('button', { name: /Open record/ })
    .click();
  const drawer = page.getByRole('dialog', { name: 'Edit books record' });
  await drawer.getByLabel('title').fill('A title that is far too long for the forty character limit');
  let saved = waitForApi(page, 'PATCH', /\/api\/v1\/collections\/books\/records\/.+/);
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  expect((await saved).status()).toBe(400);
  await expect(drawer.getByText('Title must be at most 40 characters long.')).toBeVisible();
  await screenshot(page, 'record-validation-error');

  await drawer.getByLabel('title').fill('Cobol Poems, Revised');
  saved = waitForApi(page, 'PATCH', /\/api\/v1\/collections\/books\/records\/.+/);
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  expect((await saved).status()).toBe(200);
  await expect(drawer).toBeHidden();
  await expect(bookRows(page).filter({ hasText: 'Cobol Poems, Revised' })).toHaveCount(1);

  // Someone else saves while the form is open: the console's conditional update gets a 412.
  await bookRows(page)
    .filter({ hasText: 'Cobol Poems, Revised' })
    .getByRole('button', { name: /Open record/ })
    .click();
  await expect(drawer.getByLabel('price')).toHaveValue('4');
  const id = (await drawer.locator('code').first().textContent()) ?? '';
  const elsewhere = await rest(admin, 'PATCH', `/api/v1/collections/books/records/${id}`, { price: 5 });
  expect(elsewhere.status).toBe(200);
  await drawer.getByLabel('price').fill('6');
  saved = waitForApi(page, 'PATCH', `/api/v1/collections/books/records/${id}`);
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  expect((await saved).status()).toBe(412);
  await expect(drawer.getByRole('alert').filter({ hasText: 'Someone else changed this record' })).toBeVisible();
  await screenshot(page, 'record-conflict');
  await drawer.getByRole('button', { name: 'Load the latest version' }).click();
  await expect(drawer.getByLabel('price')).toHaveValue('5');
  await drawer.getByLabel('price').fill('6');
  saved = waitForApi(page, 'PATCH', `/api/v1/collections/books/records/${id}`);
  await drawer.getByRole('button', { name: 'Save changes' }).click();
  expect((await saved).status()).toBe(200);
  await expect(drawer).toBeHidden();
});

test('records: changes made elsewhere appear live, and an open form says it is out of date', async ({ page }) => {
  await page.goto('collections/books/records');
  await expect(page.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
  await expect(bookRows(page)).toHaveCount(3);

  const created = await rest<{ data: { id: string } }>(admin, 'POST', '/api/v1/collections/books/records', {
    title: 'Live copy',
    price: 2,
  });
  const row = bookRows(page).filter({ hasText: 'Live copy' });
  await expect(row).toHaveCount(1); // no reload: the stream brought it
  await expect(row).toHaveAttribute('data-live', 'create');
  await screenshot(page, 'records-live');

  await row.getByRole('button', { name: /Open record/ }).click();
  const drawer = page.getByRole('dialog', { name: 'Edit books record' });
  await expect(drawer.getByLabel('price')).toHaveValue('2');
  await rest(admin, 'PATCH', `/api/v1/collections/books/records/${created.body.data.id}`, { price: 3 });
  const stale = drawer.getByRole('status').filter({ hasText: 'Changed elsewhere' });
  await expect(stale).toContainText('Version 2 was saved after you opened version 1');
  await expect(drawer.getByLabel('price')).toHaveValue('2'); // what the user sees is not replaced under them
  await stale.getByRole('button', { name: 'Load the latest version' }).click();
  await expect(drawer.getByLabel('price')).toHaveValue('3');
  await expect(stale).toBeHidden();
  await page.keyboard.press('Escape');

  await rest(admin, 'DELETE', `/api/v1/collections/books/records/${created.body.data.id}`);
  await expect(bookRows(page).filter({ hasText: 'Live copy' })).toHaveCount(0);
  await expect(bookRows(page)).toHaveCount(3);
});

test('records: delete one, then several, and the REST API agrees', async ({ page }) => {
  await page.goto('collections/books/records');
  await expect(bookRows(page)).toHaveCount(3);
  await bookRows(page)
    .filter({ hasText: 'A Quiet Novel' })
    .getByRole('button', { name: /Open record/ })
    .click();
  const drawer = page.getByRole('dialog', { name: 'Edit books record' });
  await drawer.getByRole('button', { name: 'Delete record' }).click();
  const deleted = waitForApi(page, 'DELETE', /\/api\/v1\/collections\/books\/records\/.+/);
  await page
    .getByRole('dialog', { name: 'Delete this record?' })
    .getByRole('button', { name: 'Delete record' })
    .click();
  expect((await deleted).status()).toBe(204);
  await expect(bookRows(page)).toHaveCount(2);

  // Add one through the API, then delete it with another in one bulk request.
  await rest(admin, 'POST', '/api/v1/collections/books/records', { title: 'Scratch copy', price: 1 });
  await page.reload();
  await expect(bookRows(page)).toHaveCount(3);
  await bookRows(page).filter({ hasText: 'Scratch copy' }).getByRole('checkbox').check();
  await bookRows(page).filter({ hasText: 'Notes on the Engine' }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Delete selected (2)' }).click();
  const bulk = page.waitForResponse(
    (response) => response.request().method() === 'DELETE' && response.url().includes('filter=id'),
  );
  await page.getByRole('dialog').getByRole('button', { name: 'Delete 2 records' }).click();
  expect((await bulk).status()).toBe(200);
  await expect(bookRows(page)).toHaveCount(1);

  const listed = await rest<{
    data: { title: string; price: number; in_stock: boolean; genre: string; author: string }[];
  }>(admin, 'GET', '/api/v1/collections/books/records?sort=title');
  expect(listed.body.data).toHaveLength(1);
  expect(listed.body.data[0]).toMatchObject({
    title: 'Cobol Poems, Revised',
    price: 6,
    in_stock: false,
    genre: 'poetry',
    author: authors['Grace Hopper'],
  });
});

test('schema: a rename and a drop are confirmed before saving', async ({ page }) => {
  await page.goto('collections/books/schema');
  await page.getByRole('button', { name: 'Edit in_stock' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit field “in_stock”' });
  await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('available');
  await editor.getByRole('button', { name: 'Update field' }).click();
  await page.getByRole('button', { name: 'Remove genre' }).click();
  await page.getByRole('button', { name: 'Move price up' }).click();
  await expect(page.getByText('3 unsaved changes')).toBeVisible();
  await page.getByRole('button', { name: 'Review and save' }).click();
  const review = page.getByRole('dialog', { name: 'Review schema changes' });
  await expect(review.getByText('Renamed fields (data kept)')).toBeVisible();
  await expect(review.getByText('Dropped fields (their values are deleted)')).toBeVisible();
  await expect(review.getByText('RENAME COLUMN "in_stock" TO "available"')).toBeVisible();
  await expect(review.getByText('DROP COLUMN "genre"')).toBeVisible();
  await expect(review.getByRole('button', { name: 'Apply changes' })).toBeDisabled();
  await screenshot(page, 'schema-confirm-rename-drop');
  await review.getByLabel(/I have read/).check();
  // The rename, the drop and the new order go in one request, consenting to the drop.
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && request.url().includes('/api/v1/collections/books')) {
      writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    }
  });
  const saving = waitForApi(page, 'PUT', '/api/v1/collections/books');
  await review.getByRole('button', { name: 'Apply changes' }).click();
  // A 200 for a plan that drops a column: the request consented (else the answer is a 409).
  expect((await saving).status()).toBe(200);
  await expect(page.getByText('No unsaved changes')).toBeVisible();
  expect(writes).toEqual(['PUT /api/v1/collections/books']);
  const schema = await rest<{ data: { fields: { name: string }[] } }>(admin, 'GET', '/api/v1/collections/books');
  expect(schema.body.data.fields.map((field) => field.name)).toEqual(['price', 'title', 'available', 'author']);
  const record = await rest<{ data: Record<string, unknown>[] }>(admin, 'GET', '/api/v1/collections/books/records');
  expect(record.body.data[0]).toMatchObject({ available: false });
  expect(record.body.data[0]).not.toHaveProperty('genre');
});

test('schema: a save refused by the data applies none of the draft', async ({ page }) => {
  await page.goto('collections/books/schema');
  await page.getByRole('button', { name: 'Edit price' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit field “price”' });
  await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('cost');
  await editor.getByRole('button', { name: 'Update field' }).click();
  await page.getByRole('button', { name: 'Edit title' }).click();
  await page.getByLabel('Unique', { exact: true }).check();
  await page.getByRole('dialog', { name: 'Edit field “title”' }).getByRole('button', { name: 'Update field' }).click();
  await expect(page.getByText('2 unsaved changes')).toBeVisible();

  const preview = waitForApi(page, 'PUT', '/api/v1/collections/books');
  await page.getByRole('button', { name: 'Review and save' }).click();
  expect((await preview).status()).toBe(200);
  const review = page.getByRole('dialog', { name: 'Review schema changes' });
  await expect(review.getByText('RENAME COLUMN "price" TO "cost"')).toBeVisible();
  await review.getByLabel(/I have read/).check();
  // Meanwhile a client writes a second record with the same title: the unique step cannot run.
  const copy = await rest<{ data: { id: string; title: string }[] }>(admin, 'GET', '/api/v1/collections/books/records');
  const duplicate = await rest<{ data: { id: string } }>(admin, 'POST', '/api/v1/collections/books/records', {
    title: copy.body.data[0]?.title,
  });
  expect(duplicate.status).toBe(201);

  const saving = waitForApi(page, 'PUT', '/api/v1/collections/books');
  await review.getByRole('button', { name: 'Apply changes' }).click();
  expect((await saving).status()).toBe(409);
  await expect(review.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toContainText('repeated value');
  await screenshot(page, 'schema-save-refused');
  const schema = await rest<{ data: { fields: { name: string }[] } }>(admin, 'GET', '/api/v1/collections/books');
  expect(schema.body.data.fields.map((field) => field.name)).toEqual(['price', 'title', 'available', 'author']);

  // The draft is still there to fix; discarding it restores the saved schema.
  await review.getByRole('button', { name: 'Back to editing' }).click();
  await expect(page.getByText('2 unsaved changes')).toBeVisible();
  await page.getByRole('button', { name: 'Discard' }).click();
  // More than one change: the console asks first.
  await page
    .getByRole('dialog', { name: 'Discard the draft?' })
    .getByRole('button', { name: 'Discard 2 changes' })
    .click();
  await expect(page.getByRole('listitem', { name: 'Field price' })).toBeVisible();
  expect((await rest(admin, 'DELETE', `/api/v1/collections/books/records/${duplicate.body.data.id}`)).status).toBe(204);
});

test('schema: a rename carries the rules along, and a drop a rule uses is refused naming it', async ({ page }) => {
  const saved = await rest<{ data: { rules: Record<string, string | null> } }>(
    admin,
    'GET',
    '/api/v1/collections/books',
  );
  const viewRule = saved.body.data.rules['view'];
  const added = await rest(admin, 'POST', '/api/v1/collections/books/fields', { name: 'featured', type: 'boolean' });
  expect(added.status).toBe(201);
  const ruled = await rest(admin, 'PATCH', '/api/v1/collections/books', {
    rules: { view: 'featured = true || @request.auth.id != null' },
  });
  expect(ruled.status).toBe(200);

  await page.goto('collections/books/schema');
  await page.getByRole('button', { name: 'Edit featured' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit field “featured”' });
  await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('highlighted');
  await editor.getByRole('button', { name: 'Update field' }).click();
  const preview = waitForApi(page, 'PUT', '/api/v1/collections/books');
  await page.getByRole('button', { name: 'Review and save' }).click();
  expect((await preview).status()).toBe(200);
  const review = page.getByRole('dialog', { name: 'Review schema changes' });
  const rewritten = review.getByRole('list', { name: 'Rewritten expressions' });
  await expect(rewritten).toContainText('view rule of "books"');
  await expect(rewritten).toContainText('highlighted = true || @request.auth.id != null');
  await screenshot(page, 'schema-rename-rewrites-rules');
  await review.getByLabel(/I have read/).check();
  const saving = waitForApi(page, 'PUT', '/api/v1/collections/books');
  await review.getByRole('button', { name: 'Apply changes' }).click();
  expect((await saving).status()).toBe(200);
  await expect(page.getByText('No unsaved changes')).toBeVisible();
  const after = await rest<{ data: { rules: Record<string, string | null> } }>(
    admin,
    'GET',
    '/api/v1/collections/books',
  );
  expect(after.body.data.rules['view']).toBe('highlighted = true || @request.auth.id != null');

  // Dropping it while the rule uses it: the dry run is refused, the alert names the rule.
  await page.getByRole('button', { name: 'Remove highlighted' }).click();
  const refused = waitForApi(page, 'PUT', '/api/v1/collections/books');
  await page.getByRole('button', { name: 'Review and save' }).click();
  expect((await refused).status()).toBe(409);
  const alert = review.getByRole('alert').filter({ hasText: 'The change would fail' });
  await expect(alert).toContainText('rules.view');
  await expect(alert).toContainText('The view rule of "books" uses "books.highlighted", which this change drops.');
  await expect(review.getByRole('button', { name: 'Apply changes' })).toBeDisabled();
  await screenshot(page, 'schema-drop-refused-by-rule');
  await review.getByRole('button', { name: 'Back to editing' }).click();
  await page.getByRole('button', { name: 'Discard' }).click();

  // Back as the other tests expect it.
  await rest(admin, 'PATCH', '/api/v1/collections/books', { rules: { view: viewRule } });
  expect((await rest(admin, 'DELETE', '/api/v1/collections/books/fields/highlighted')).status).toBe(200);
});

test('how to call it: curl, fetch, the SDK and GraphQL with the real origin', async ({ page }) => {
  await page.goto('collections/books/api');
  await expect(page.getByText(`curl -s -G '${baseUrl()}/api/v1/collections/books/records'`)).toBeVisible();
  await screenshot(page, 'collection-api-snippets');
  await page.getByText('fetch', { exact: true }).click();
  await expect(page.getByText(`const url = new URL('${baseUrl()}/api/v1/collections/books/records');`)).toBeVisible();
  await page.getByText('SDK', { exact: true }).click();
  await expect(page.getByText(`const client = createClient<Schema>('${baseUrl()}');`)).toBeVisible();
  await expect(page.getByText('const { data, meta } = await books.list({')).toBeVisible();
  await expect(page.getByRole('link', { name: 'API docs (Swagger UI)' })).toHaveAttribute('href', '/api/docs');
  await page.getByText('GraphQL', { exact: true }).click();
  await expect(page.getByText(`curl -s -X POST '${baseUrl()}/api/v1/graphql'`)).toBeVisible();
  await screenshot(page, 'collection-api-graphql');
  // GraphiQL opens in a page of its own, on the query, and sends the console's token.
  const graphiqlLink = page.getByRole('link', { name: 'Open in GraphiQL' });
  await expect(graphiqlLink).toHaveAttribute('href', /^\/api\/graphql\?query=/);
  const [graphiql] = await Promise.all([page.waitForEvent('popup'), graphiqlLink.click()]);
  await expect(graphiql.getByRole('button', { name: /Execute query/ })).toBeVisible();
  // The editor has the query once Monaco has loaded; a click before that runs nothing.
  await expect(graphiql.getByText('books', { exact: false }).first()).toBeVisible();
  const answer = graphiql.waitForResponse(
    (response) =>
      response.url().endsWith('/api/v1/graphql') && !!response.request().postData()?.includes('books(limit: 10)'),
  );
  await graphiql.getByRole('button', { name: /Execute query/ }).click();
  const response = await answer;
  expect(response.status()).toBe(200);
  expect((await response.request().allHeaders())['authorization']).toMatch(/^Bearer /);

  // A subscription runs over graphql-ws, signed in with the same token, and shows a change.
  const subscription = 'subscription { books { action record { title } } }';
  const sent: string[] = [];
  graphiql.on('websocket', (ws) => {
    if (ws.url().endsWith('/api/v1/graphql/ws')) ws.on('framesent', (frame) => sent.push(String(frame.payload)));
  });
  await graphiql.goto(`/api/graphql?query=${encodeURIComponent(subscription)}`);
  await expect(graphiql.getByText('action', { exact: false }).first()).toBeVisible();
  await graphiql.getByRole('button', { name: /Execute query/ }).click();
  await expect.poll(() => sent.some((frame) => frame.includes('"type":"subscribe"'))).toBe(true);
  expect(sent.find((frame) => frame.includes('connection_init'))).toContain('"authorization":"Bearer ');
  const [book] = (
    await rest<{ data: { id: string; title: string }[] }>(admin, 'GET', '/api/v1/collections/books/records?limit=1')
  ).body.data;
  if (!book) throw new Error('no book to change');
  // The subscription is set a moment after its message: change the book until the change shows.
  let round = 0;
  await expect(async () => {
    round += 1;
    await rest(admin, 'PATCH', `/api/v1/collections/books/records/${book.id}`, { title: `Live ${round}` });
    await expect(graphiql.getByText(`"Live ${round}"`).first()).toBeVisible({ timeout: 1500 });
  }).toPass({ timeout: 15_000 });
  await rest(admin, 'PATCH', `/api/v1/collections/books/records/${book.id}`, { title: book.title });
  await graphiql.close();

  await page.goto('collections');
  await expect(page.getByRole('table', { name: 'Collections' }).getByRole('row', { name: /books/ })).toContainText('1');
  await screenshot(page, 'collections');
});
