// The records grid as a spreadsheet: seven fields fit at 1440 px with the id on demand, cells
// are edited from the keyboard and saved with If-Match (a stale cell gets its 412 at the cell
// and keeps what was typed), undo, rows pasted from a spreadsheet become records, a bulk edit
// on a filter, the view (filter, sort, page size) survives a reload, and a relation column
// sorts by the name it shows. Data is checked through the REST API. Independent of the other specs: its collections have their own names.
import type { Page } from '@playwright/test';
import { expect, login, rest, screenshot, signInThroughStorage, test, waitForApi, type Session } from './fixtures';

// Not serial: each test stands on the seed alone (a retry's new worker seeds new collections).
const suffix = Date.now().toString(36);
const BOOKS = `grid_books_${suffix}`;
const AUTHORS = `grid_authors_${suffix}`;
const RECORDS = `/api/v1/collections/${BOOKS}/records`;
let admin: Session;
const ids: Record<string, string> = {};

interface Book {
  id: string;
  title: string;
  price: number | null;
  in_stock: boolean | null;
  genre: string | null;
  version: number;
}

async function book(id: string): Promise<Book> {
  return (await rest<{ data: Book }>(admin, 'GET', `${RECORDS}/${id}`)).body.data;
}

async function books(filter: string): Promise<Book[]> {
  return (await rest<{ data: Book[] }>(admin, 'GET', `${RECORDS}?filter=${encodeURIComponent(filter)}&limit=100`)).body
    .data;
}

function grid(page: Page) {
  return page.getByRole('grid', { name: `${BOOKS} records` });
}

function rows(page: Page) {
  return grid(page).locator('tbody').getByRole('row');
}

/** The cell of `column` in the row that shows `text`. */
function cell(page: Page, rowText: string, column: string) {
  return rows(page).filter({ hasText: rowText }).locator(`td[data-col="${column}"]`);
}

async function columnIndex(page: Page, name: string): Promise<string> {
  const headers = grid(page).getByRole('columnheader');
  await expect(headers.first()).toBeVisible();
  const count = await headers.count();
  for (let index = 0; index < count; index += 1) {
    const text = ((await headers.nth(index).textContent()) ?? '').replace(/[▲▼↕⋮]/g, '').trim();
    if (text === name) return String(index);
  }
  throw new Error(`no column ${name}`);
}

test.beforeAll(async () => {
  admin = await login();
  expect(
    (
      await rest(admin, 'POST', '/api/v1/collections', {
        name: AUTHORS,
        rules: { list: '', view: '' },
        fields: [{ name: 'name', type: 'text', options: { required: true } }],
      })
    ).status,
  ).toBe(201);
  const created = await rest(admin, 'POST', '/api/v1/collections', {
    name: BOOKS,
    fields: [
      { name: 'title', type: 'text', options: { required: true } },
      { name: 'price', type: 'number' },
      { name: 'in_stock', type: 'boolean' },
      { name: 'genre', type: 'select', options: { values: ['fiction', 'poetry', 'science'] } },
      { name: 'tags', type: 'multi_select', options: { values: ['classic', 'illustrated', 'signed', 'rare'] } },
      { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: AUTHORS, onDelete: 'set_null' } },
      { name: 'published', type: 'date' },
    ],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const linked = await rest(admin, 'POST', `/api/v1/collections/${AUTHORS}/fields`, {
    name: 'books',
    type: 'relation',
    options: { kind: 'one_to_many', target: BOOKS, via: 'author' },
  });
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  for (const name of ['Ada Lovelace', 'Grace Hopper']) {
    ids[name] = (
      await rest<{ data: { id: string } }>(admin, 'POST', `/api/v1/collections/${AUTHORS}/records`, { name })
    ).body.data.id;
  }
  const seed = [
    {
      title: 'Alpha',
      price: 5,
      genre: 'fiction',
      tags: ['classic', 'illustrated', 'signed'],
      author: ids['Ada Lovelace'],
    },
    { title: 'Beta', price: 15, genre: 'science', tags: ['rare'], author: ids['Grace Hopper'] },
    { title: 'Gamma', price: 25, genre: 'fiction', tags: [], author: ids['Ada Lovelace'] },
  ];
  for (const values of seed) {
    const record = await rest<{ data: { id: string } }>(admin, 'POST', RECORDS, { ...values, in_stock: true });
    expect(record.status, JSON.stringify(record.body)).toBe(201);
    ids[values.title] = record.body.data.id;
  }
});

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInThroughStorage(page);
});

test('seven fields fit at 1440 px; multi-select values are readable; the id is shown on demand', async ({ page }) => {
  await page.goto(`collections/${BOOKS}/records?sort=title`);
  await expect(rows(page)).toHaveCount(3);
  const scroller = page.getByTestId('records-grid-scroll');
  const overflow = await scroller.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(grid(page).getByRole('columnheader', { name: /^Sort by id / })).toHaveCount(0);

  const tags = cell(page, 'Alpha', await columnIndex(page, 'tags'));
  await expect(tags).toHaveAttribute('title', 'classic, illustrated, signed');
  await expect(tags.getByText('illustrated', { exact: true })).toBeVisible();
  // A to-one relation sorts by the name it shows (its target's display field), and says so.
  await expect(grid(page).getByRole('button', { name: 'Sort by author' })).toHaveAttribute(
    'title',
    "Sorts by the related record's name, the name shown.",
  );
  await expect(cell(page, 'Alpha', await columnIndex(page, 'author'))).toHaveText('Ada Lovelace');
  await screenshot(page, 'records-grid');

  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Visible columns' }).getByLabel('id', { exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(grid(page).getByRole('columnheader', { name: /^Sort by id / })).toBeVisible();
  const alphaId = ids['Alpha'] ?? '';
  await expect(rows(page).filter({ hasText: 'Alpha' })).toContainText(alphaId);
  await expect(
    rows(page)
      .filter({ hasText: 'Alpha' })
      .getByRole('button', { name: `Copy id ${alphaId}` }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Visible columns' }).getByLabel('id', { exact: true }).uncheck();
  await page.keyboard.press('Escape');

  // The one-to-many side shows the related names in the authors' grid.
  await page.goto(`collections/${AUTHORS}/records`);
  const ada = page
    .getByRole('grid', { name: `${AUTHORS} records` })
    .getByRole('row')
    .filter({ hasText: 'Ada Lovelace' });
  await expect(ada).toContainText(/Alpha, Gamma|Gamma, Alpha/);
});

test('inline edit from the keyboard, saved with If-Match, then undone', async ({ page }) => {
  await page.goto(`collections/${BOOKS}/records?sort=title`);
  await expect(rows(page)).toHaveCount(3);
  const titleCol = await columnIndex(page, 'title');
  const priceCol = await columnIndex(page, 'price');
  await cell(page, 'Alpha', titleCol).click();
  await expect(cell(page, 'Alpha', titleCol)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(cell(page, 'Alpha', priceCol)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 'Beta', priceCol)).toBeFocused();

  // Typing starts an edit with what was typed; Escape gives it up without a request. ArrowUp and
  // the digit come within one frame, as from a quick typist, before the grid has moved the
  // browser's focus: the edit is on the new cell and keeps the focus.
  await page.evaluate(async () => {
    const press = (key: string) =>
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    press('ArrowUp');
    await new Promise((done) => setTimeout(done, 0));
    press('9');
  });
  const editor = grid(page).getByRole('textbox', { name: 'Edit price' });
  await expect(editor).toHaveValue('9');
  await expect(editor).toBeFocused();
  await expect(editor.locator('xpath=ancestor::td')).toHaveAttribute('data-row', '0');
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(cell(page, 'Alpha', priceCol)).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(editor).toHaveValue('5');
  await editor.fill('42');
  const saved = waitForApi(page, 'PATCH', `${RECORDS}/${ids['Alpha']}`);
  await page.keyboard.press('Enter');
  const response = await saved;
  expect(response.status()).toBe(200);
  expect(response.request().headers()['if-match']).toBe('"1"');
  await expect(cell(page, 'Alpha', priceCol)).toHaveText('42');
  await expect(cell(page, 'Beta', priceCol)).toBeFocused(); // Enter moves down, as in a spreadsheet
  expect((await book(ids['Alpha'] ?? '')).price).toBe(42);

  // Tab walks to the next cell; a value that is not a number stays at the cell with the reason.
  await cell(page, 'Gamma', titleCol).click();
  await page.keyboard.press('Tab');
  await expect(cell(page, 'Gamma', priceCol)).toBeFocused();
  await page.keyboard.press('Enter');
  await editor.fill('cheap');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'Gamma', priceCol)).toHaveAttribute('aria-invalid', 'true');
  await expect(cell(page, 'Gamma', priceCol)).toHaveAttribute('title', 'Enter a number');
  await cell(page, 'Gamma', priceCol).click();
  await page.keyboard.press('Enter');
  await expect(editor).toHaveValue('cheap'); // what was typed is kept
  await page.keyboard.press('Escape');
  await expect(cell(page, 'Gamma', priceCol)).toHaveText('25');

  // Undo puts the last saved change back.
  const undone = waitForApi(page, 'PATCH', `${RECORDS}/${ids['Alpha']}`);
  await page.keyboard.press('Control+z');
  expect((await undone).status()).toBe(200);
  await expect(cell(page, 'Alpha', priceCol)).toHaveText('5');
  expect((await book(ids['Alpha'] ?? '')).price).toBe(5);
});

test('a stale cell: the 412 shows at the cell, keeps the typed value, and saves over the latest', async ({ page }) => {
  await page.goto(`collections/${BOOKS}/records?sort=title`);
  const titleCol = await columnIndex(page, 'title');
  const target = cell(page, 'Beta', titleCol);
  await target.click();
  await page.keyboard.press('Enter');
  const editor = grid(page).getByRole('textbox', { name: 'Edit title' });
  await expect(editor).toHaveValue('Beta');
  // Someone else changes the record while the cell is being edited.
  const before = await book(ids['Beta'] ?? '');
  expect((await rest(admin, 'PATCH', `${RECORDS}/${ids['Beta']}`, { price: 16 })).status).toBe(200);
  await editor.fill('Beta, second edition');
  let saved = waitForApi(page, 'PATCH', `${RECORDS}/${ids['Beta']}`);
  await page.keyboard.press('Enter');
  expect((await saved).status()).toBe(412);
  const stale = rows(page).filter({ hasText: 'Beta, second edition' }).locator(`td[data-col="${titleCol}"]`);
  await expect(stale).toHaveAttribute('aria-invalid', 'true');
  await stale.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Someone else changed this record' })).toBeVisible();
  await screenshot(page, 'records-grid-conflict');
  expect((await book(ids['Beta'] ?? '')).title).toBe('Beta');

  await page.keyboard.press('Enter');
  await expect(editor).toHaveValue('Beta, second edition');
  saved = waitForApi(page, 'PATCH', `${RECORDS}/${ids['Beta']}`);
  await page.keyboard.press('Enter');
  expect((await saved).status()).toBe(200);
  const after = await book(ids['Beta'] ?? '');
  expect(after).toMatchObject({ title: 'Beta, second edition', price: 16, version: before.version + 2 });
});

test('rows pasted from a spreadsheet become records; a pasted range updates cells', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`collections/${BOOKS}/records?sort=title`);
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Paste rows' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste rows as new records' });
  const sheet =
    'title\tprice\tgenre\tin_stock\nDelta\t7\tpoetry\tTRUE\nEpsilon\t8.5\tscience\tFALSE\nZeta\t\tfiction\t';
  await page.evaluate((text) => navigator.clipboard.writeText(text), sheet);
  await dialog.getByRole('textbox', { name: 'Rows from a spreadsheet' }).focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(dialog.getByRole('status')).toHaveText('3 new records · columns: title, price, genre, in_stock');
  const created = waitForApi(page, 'POST', RECORDS);
  await dialog.getByRole('button', { name: 'Create 3 records' }).click();
  expect((await created).status()).toBe(201);
  await expect(dialog).toBeHidden(); // and focus is back on the page, not yet in the grid
  await expect(rows(page)).toHaveCount(6);
  const pasted = await books('title in ["Delta", "Epsilon", "Zeta"]');
  expect(pasted.map((item) => [item.title, item.price, item.genre]).sort()).toEqual([
    ['Delta', 7, 'poetry'],
    ['Epsilon', 8.5, 'science'],
    ['Zeta', null, 'fiction'],
  ]);

  // A 2×3 block pasted at Delta's price: Delta and Epsilon get price, in_stock and genre.
  const priceCol = await columnIndex(page, 'price');
  await cell(page, 'Delta', priceCol).click();
  await page.evaluate((text) => navigator.clipboard.writeText(text), '70\tfalse\tscience\n80\ttrue\tpoetry\n');
  const writes = [
    waitForApi(page, 'PATCH', `${RECORDS}/${pasted.find((item) => item.title === 'Delta')?.id}`),
    waitForApi(page, 'PATCH', `${RECORDS}/${pasted.find((item) => item.title === 'Epsilon')?.id}`),
  ];
  await page.keyboard.press('ControlOrMeta+V');
  for (const write of writes) expect((await write).status()).toBe(200);
  await expect(cell(page, 'Epsilon', priceCol)).toHaveText('80');
  const changed = await books('title in ["Delta", "Epsilon"]');
  expect(changed.map((item) => [item.title, item.price, item.in_stock, item.genre]).sort()).toEqual([
    ['Delta', 70, false, 'science'],
    ['Epsilon', 80, true, 'poetry'],
  ]);

  // Copying the block gives the same tab-separated text back.
  await cell(page, 'Delta', priceCol).click();
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('ControlOrMeta+C');
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toBe('70\tfalse\tscience\n80\ttrue\tpoetry');
  await expect(cell(page, 'Epsilon', await columnIndex(page, 'genre'))).toBeFocused();
});

test('bulk edit on a filter: the count is confirmed, and only matching records change', async ({ page }) => {
  await page.goto(`collections/${BOOKS}/records`);
  const filterBox = page.getByRole('textbox', { name: 'Filter', exact: true });
  await filterBox.fill('price >= 15');
  const listed = waitForApi(page, 'GET', RECORDS);
  await filterBox.press('Enter');
  await listed;
  const matching = await books('price >= 15');
  await expect(rows(page)).toHaveCount(matching.length);

  await page.getByRole('button', { name: 'Bulk edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit records in bulk' });
  await dialog.getByRole('radio', { name: `Every record matching the filter (${matching.length})` }).check();
  await dialog.getByRole('combobox', { name: 'Field' }).click();
  await page.getByRole('option', { name: 'genre', exact: true }).click();
  await dialog.getByRole('combobox', { name: 'New value of genre' }).click();
  await page.getByRole('option', { name: 'poetry', exact: true }).click();
  await dialog.getByRole('button', { name: 'Review' }).click();
  await expect(dialog.getByRole('status')).toContainText(`on ${matching.length} records`);
  const bulk = page.waitForResponse(
    (response) => response.request().method() === 'PATCH' && new URL(response.url()).pathname === RECORDS,
  );
  await dialog.getByRole('button', { name: `Update ${matching.length} records` }).click();
  const answer = await bulk;
  expect(answer.status()).toBe(200);
  expect(new URL(answer.url()).searchParams.get('filter')).toBe('price >= 15');
  expect(((await answer.json()) as { meta: { updated: number } }).meta.updated).toBe(matching.length);
  expect((await books('price >= 15')).every((item) => item.genre === 'poetry')).toBe(true);
  expect((await books('price < 15')).some((item) => item.genre !== 'poetry')).toBe(true);
});

test('filter, sort and page size are in the URL and survive a reload', async ({ page }) => {
  await page.goto(`collections/${BOOKS}/records`);
  const filterBox = page.getByRole('textbox', { name: 'Filter', exact: true });
  await filterBox.fill('price > 6');
  await filterBox.press('Enter');
  const sorted = page.waitForResponse((response) => response.url().includes('sort=price'));
  await grid(page).getByRole('button', { name: 'Sort by price' }).click();
  await sorted;
  await page.getByRole('combobox', { name: 'Records per page' }).click();
  await page.getByRole('option', { name: '50', exact: true }).click();
  await expect(page).toHaveURL(/filter=price\+%3E\+6/);
  await expect(page).toHaveURL(/sort=price/);
  await expect(page).toHaveURL(/size=50/);
  const expected = (await books('price > 6')).sort((a, b) => (a.price ?? 0) - (b.price ?? 0));

  const reloaded = page.waitForResponse(
    (response) => response.url().includes('sort=price') && response.url().includes('limit=50'),
  );
  await page.reload();
  expect((await reloaded).status()).toBe(200);
  await expect(filterBox).toHaveText('price > 6');
  await expect(grid(page).getByRole('columnheader', { name: /price/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows(page)).toHaveCount(expected.length);
  await expect(rows(page).first()).toContainText(expected[0]?.title ?? '');
});

test('a relation column sorts by the name it shows, in the order REST gives for that sort', async ({ page }) => {
  const people = `grid_people_${suffix}`;
  const notes = `grid_notes_${suffix}`;
  const made = await rest(admin, 'POST', '/api/v1/collections', {
    name: people,
    rules: { list: '', view: '' },
    fields: [{ name: 'name', type: 'text', options: { required: true } }],
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const linked = await rest(admin, 'POST', '/api/v1/collections', {
    name: notes,
    fields: [
      { name: 'title', type: 'text', options: { required: true } },
      { name: 'person', type: 'relation', options: { kind: 'many_to_one', target: people, onDelete: 'set_null' } },
    ],
  });
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  // Created last name first: ids (time-ordered) run against names, so an order by id would show.
  const person: Record<string, string> = {};
  for (const name of ['Zed', 'Mia', 'Abe']) {
    person[name] = (
      await rest<{ data: { id: string } }>(admin, 'POST', `/api/v1/collections/${people}/records`, { name })
    ).body.data.id;
  }
  const seeded = await rest(admin, 'POST', `/api/v1/collections/${notes}/records`, [
    { title: 'note one', person: person['Mia'] },
    { title: 'note two', person: person['Abe'] },
    { title: 'note three', person: person['Zed'] },
    { title: 'note four', person: null },
  ]);
  expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);

  const notesGrid = page.getByRole('grid', { name: `${notes} records` });
  const noteRows = notesGrid.locator('tbody').getByRole('row');
  const restTitles = async (sort: string): Promise<string[]> =>
    (
      await rest<{ data: { title: string }[] }>(
        admin,
        'GET',
        `/api/v1/collections/${notes}/records?sort=${encodeURIComponent(sort)}&limit=100`,
      )
    ).body.data.map((item) => item.title);
  const expectRows = async (titles: string[]) => {
    await expect(noteRows).toHaveCount(titles.length);
    for (const [index, title] of titles.entries()) await expect(noteRows.nth(index)).toContainText(title);
  };

  await page.goto(`collections/${notes}/records`);
  await expect(noteRows).toHaveCount(4);
  for (const [sort, aria] of [
    ['person.name', 'ascending'],
    ['-person.name', 'descending'],
  ] as const) {
    const answered = page.waitForResponse(
      (response) =>
        response.url().includes(`/collections/${notes}/records`) &&
        new URL(response.url()).searchParams.get('sort') === sort,
    );
    await notesGrid.getByRole('button', { name: 'Sort by person' }).click();
    expect((await answered).status()).toBe(200);
    await expect(page).toHaveURL(new RegExp(`sort=${sort.replace('.', '\\.')}(&|$)`));
    await expect(notesGrid.getByRole('columnheader', { name: /person/ })).toHaveAttribute('aria-sort', aria);
    const expected = await restTitles(sort);
    // NULLs last ascending, first descending, as PostgreSQL orders them.
    expect(expected).toEqual(
      sort === 'person.name'
        ? ['note two', 'note one', 'note three', 'note four']
        : ['note four', 'note three', 'note one', 'note two'],
    );
    await expectRows(expected);
  }

  await page.reload();
  await expect(notesGrid.getByRole('columnheader', { name: /person/ })).toHaveAttribute('aria-sort', 'descending');
  await expectRows(await restTitles('-person.name'));
});

test('a page of 500 rows is virtualised: a few dozen rows in the page, the last reached by scrolling or Ctrl+End', async ({
  page,
}) => {
  const many = `grid_many_${suffix}`;
  const made = await rest(admin, 'POST', '/api/v1/collections', {
    name: many,
    fields: [{ name: 'label', type: 'text' }],
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const labels = Array.from({ length: 500 }, (_, index) => ({ label: `row ${String(index).padStart(3, '0')}` }));
  expect((await rest(admin, 'POST', `/api/v1/collections/${many}/records`, labels)).status).toBe(201);

  await page.goto(`collections/${many}/records?sort=label&size=500`);
  const manyGrid = page.getByRole('grid', { name: `${many} records` });
  await expect(page.getByText('1–500 of 500 records')).toBeVisible();
  await expect(manyGrid).toHaveAttribute('aria-rowcount', '501');
  const inPage = await manyGrid.locator('tbody').getByRole('row').count();
  expect(inPage).toBeGreaterThan(5);
  expect(inPage).toBeLessThan(80);

  await manyGrid.getByRole('gridcell', { name: 'row 000' }).click();
  await page.keyboard.press('Control+End');
  const last = manyGrid.locator('tbody').getByRole('row').filter({ hasText: 'row 499' });
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-rowindex', '501');
  expect(await manyGrid.locator('tbody').getByRole('row').count()).toBeLessThan(80);
});
