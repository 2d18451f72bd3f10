// Guided filters and rules: the filter builder writes the expression into the filter box and
// reads it back, autocomplete offers fields, relation paths, operators and @request.auth.id in
// the filter box and the rules editor, and what the console applies or saves is checked through
// REST. Its own collections (unique names, made through REST), so it runs after 01 alone.
import type { Page } from '@playwright/test';
import { expect, login, rest, screenshot, signInThroughStorage, test, waitForApi, type Session } from './fixtures';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const writers = `f_writers_${run}`;
const notes = `f_notes_${run}`;
let admin: Session;

interface Note {
  title: string;
  views: number;
  published: boolean;
  status: 'draft' | 'live';
  writer: 'Ada' | 'Grace' | null;
}

const NOTES: Note[] = [
  { title: 'alpha draft', views: 5, published: true, status: 'draft', writer: 'Ada' },
  { title: 'Beta DRAFT', views: 12, published: true, status: 'live', writer: 'Ada' },
  { title: 'gamma draft', views: 20, published: false, status: 'draft', writer: 'Ada' },
  { title: 'delta final', views: 1, published: true, status: 'live', writer: 'Grace' },
  { title: 'epsilon draft', views: 3, published: true, status: 'draft', writer: 'Grace' },
  { title: 'zeta plain', views: 10, published: false, status: 'draft', writer: null },
];

test.beforeAll(async () => {
  admin = await login();
  const writersCreated = await rest(admin, 'POST', '/api/v1/collections', {
    name: writers,
    rules: { list: '', view: '' },
    fields: [
      { name: 'name', type: 'text', options: { required: true } },
      { name: 'account', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null' } },
    ],
  });
  expect(writersCreated.status, JSON.stringify(writersCreated.body)).toBe(201);
  const notesCreated = await rest(admin, 'POST', '/api/v1/collections', {
    name: notes,
    fields: [
      { name: 'title', type: 'text' },
      { name: 'views', type: 'integer' },
      { name: 'published', type: 'boolean' },
      { name: 'status', type: 'select', options: { values: ['draft', 'live'] } },
      { name: 'writer', type: 'relation', options: { kind: 'many_to_one', target: writers, onDelete: 'set_null' } },
    ],
  });
  expect(notesCreated.status, JSON.stringify(notesCreated.body)).toBe(201);
  const ids: Record<string, string> = {};
  for (const [name, account] of [
    ['Ada', admin.user.id],
    ['Grace', null],
  ] as const) {
    const created = await rest<{ data: { id: string } }>(admin, 'POST', `/api/v1/collections/${writers}/records`, {
      name,
      account,
    });
    expect(created.status).toBe(201);
    ids[name] = created.body.data.id;
  }
  for (const note of NOTES) {
    const created = await rest(admin, 'POST', `/api/v1/collections/${notes}/records`, {
      ...note,
      writer: note.writer === null ? null : ids[note.writer],
    });
    expect(created.status).toBe(201);
  }
});

test.beforeEach(async ({ page }) => {
  await signInThroughStorage(page);
});

function filterBox(page: Page) {
  return page.getByRole('textbox', { name: 'Filter', exact: true });
}

/** The titles REST lists for `filter`: what the grid must show. */
async function titlesMatching(filter: string): Promise<string[]> {
  const answer = await rest<{ data: { title: string }[]; meta: { total: number } }>(
    admin,
    'GET',
    `/api/v1/collections/${notes}/records?count=exact&limit=100&filter=${encodeURIComponent(filter)}`,
  );
  expect(answer.status).toBe(200);
  expect(answer.body.meta.total).toBe(answer.body.data.length);
  return answer.body.data.map((record) => record.title);
}

/** The grid shows exactly the records REST lists for the same filter, and `expected` are they. */
async function expectGridMatches(page: Page, filter: string, expected: string[]) {
  const titles = await titlesMatching(filter);
  expect(titles.sort()).toEqual([...expected].sort());
  for (const note of NOTES) {
    const row = page.getByRole('row', { name: new RegExp(note.title) });
    await expect(row).toHaveCount(titles.includes(note.title) ? 1 : 0);
  }
  await expect(page.getByText(`of ${titles.length} record${titles.length === 1 ? '' : 's'}`)).toBeVisible();
}

async function choose(page: Page, scope: ReturnType<Page['getByRole']>, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Picks a suggestion from the autocomplete list by its label. */
async function pickSuggestion(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page
    .getByRole('listbox')
    .getByRole('option', { name: new RegExp(`^${escaped}`) })
    .first()
    .click();
}

test('filter builder: build a filter, apply it, edit the text, and read it back', async ({ page }) => {
  await page.goto(`collections/${notes}/records`);
  await expect(page.getByRole('row', { name: /alpha draft/ })).toBeVisible();
  // The placeholder is built from this collection's own fields.
  await expect(page.getByText('Filter, e.g. title ~ "draft" && views > 10')).toBeVisible();

  await page.getByRole('button', { name: 'Builder', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Filter builder' });
  const first = dialog.getByRole('group', { name: 'Condition 1' });
  await choose(page, first, 'Field of condition 1', 'title');
  await choose(page, first, 'Operator of condition 1', 'contains (~)');
  await first.getByRole('textbox', { name: 'Value of condition 1' }).fill('draft');

  await dialog.getByRole('button', { name: 'Add condition' }).click();
  const second = dialog.getByRole('group', { name: 'Condition 2' });
  await choose(page, second, 'Field of condition 2', 'published');
  await choose(page, second, 'Value of condition 2', 'true');

  await dialog.getByRole('button', { name: 'Add condition' }).click();
  const third = dialog.getByRole('group', { name: 'Condition 3' });
  await choose(page, third, 'Field of condition 3', 'writer.name');
  await choose(page, third, 'Operator of condition 3', 'contains (~)');
  await third.getByRole('textbox', { name: 'Value of condition 3' }).fill('Ada');

  const expression = 'title ~ "draft" && published = true && writer.name ~ "Ada"';
  await expect(dialog.getByLabel('Expression')).toHaveText(expression);
  await screenshot(page, 'filter-builder');

  const listed = waitForApi(page, 'GET', `/api/v1/collections/${notes}/records`);
  await dialog.getByRole('button', { name: 'Use this filter' }).click();
  const response = await listed;
  expect(response.status()).toBe(200);
  expect(new URL(response.url()).searchParams.get('filter')).toBe(expression);
  await expect(dialog).toBeHidden();
  await expect(filterBox(page)).toHaveText(expression);
  await expectGridMatches(page, expression, ['alpha draft', 'Beta DRAFT']);

  // The text edited by hand is read back by the builder.
  const edited = "views >= 10 || status = 'live'";
  await filterBox(page).fill(edited);
  const relisted = waitForApi(page, 'GET', `/api/v1/collections/${notes}/records`);
  await filterBox(page).press('Enter');
  expect((await relisted).status()).toBe(200);
  await expectGridMatches(page, edited, ['Beta DRAFT', 'gamma draft', 'delta final', 'zeta plain']);

  await page.getByRole('button', { name: 'Builder', exact: true }).click();
  await expect(dialog.getByRole('radio', { name: 'any condition (||)' })).toBeChecked();
  await expect(dialog.getByRole('combobox', { name: 'Field of condition 1' })).toHaveValue('views');
  await expect(dialog.getByRole('combobox', { name: 'Operator of condition 1' })).toHaveValue('is at least (>=)');
  await expect(dialog.getByRole('textbox', { name: 'Value of condition 1' })).toHaveValue('10');
  await expect(dialog.getByRole('combobox', { name: 'Field of condition 2' })).toHaveValue('status');
  await expect(dialog.getByRole('combobox', { name: 'Operator of condition 2' })).toHaveValue('equals (=)');
  await expect(dialog.getByRole('combobox', { name: 'Value of condition 2' })).toHaveValue('live');
  await expect(dialog.getByLabel('Expression')).toHaveText('views >= 10 || status = "live"');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(filterBox(page)).toHaveText(edited);

  // Too complex for the builder: it says so, and the text stays as it is.
  const complex = '!(published = true) && (views > 1 || status = "live")';
  await filterBox(page).fill(complex);
  await page.getByRole('button', { name: 'Builder', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('too complex for the builder');
  await dialog.getByRole('button', { name: 'Keep the text' }).click();
  await expect(dialog).toBeHidden();
  await expect(filterBox(page)).toHaveText(complex);
});

test('autocomplete in the filter box: a field, a relation path, an operator and @request.auth.id', async ({ page }) => {
  await page.goto(`collections/${notes}/records`);
  await expect(page.getByRole('row', { name: /alpha draft/ })).toBeVisible();
  const box = filterBox(page);
  await box.click();
  await box.pressSequentially('wri');
  await expect(page.getByRole('listbox').getByRole('option', { name: /^writer\.fields of/ })).toBeVisible();
  await pickSuggestion(page, 'writer.');
  await box.pressSequentially('na');
  await pickSuggestion(page, 'writer.name');
  await box.pressSequentially(' ');
  await expect(page.getByRole('listbox').getByRole('option', { name: /^~contains/ })).toBeVisible();
  await pickSuggestion(page, '~');
  await box.pressSequentially('"Ada" && crea');
  await pickSuggestion(page, 'created_by');
  await box.pressSequentially(' = @request.auth.i');
  await screenshot(page, 'filter-autocomplete');
  await pickSuggestion(page, '@request.auth.id');

  const expression = 'writer.name ~ "Ada" && created_by = @request.auth.id';
  await expect(box).toHaveText(expression);
  const listed = waitForApi(page, 'GET', `/api/v1/collections/${notes}/records`);
  await box.press('Enter');
  const response = await listed;
  expect(response.status()).toBe(200);
  expect(new URL(response.url()).searchParams.get('filter')).toBe(expression);
  await expectGridMatches(page, expression, ['alpha draft', 'Beta DRAFT', 'gamma draft']);
});

test('autocomplete in the rules editor: a rule written with suggestions is saved', async ({ page }) => {
  await page.goto(`collections/${notes}/rules`);
  const update = page.getByRole('group', { name: 'update rule' });
  await update.getByText('Expression', { exact: true }).click();
  const input = update.getByLabel('update rule expression');
  // The placeholder fits the collection (it has no relation to users of its own).
  await expect(update.getByText('created_by = @request.auth.id', { exact: true })).toBeVisible();
  await input.click();
  await input.pressSequentially('writer.acc');
  await pickSuggestion(page, 'writer.account');
  await input.pressSequentially(' ');
  await pickSuggestion(page, '=');
  await input.pressSequentially('@request.auth.i');
  await pickSuggestion(page, '@request.auth.id');
  const rule = 'writer.account = @request.auth.id';
  await expect(input).toHaveText(rule);

  // Create rules also know the body's fields.
  const create = page.getByRole('group', { name: 'create rule' });
  await create.getByText('Expression', { exact: true }).click();
  const createInput = create.getByLabel('create rule expression');
  await createInput.click();
  await createInput.pressSequentially('@request.body.wri');
  await expect(page.getByRole('listbox').getByRole('option', { name: /^@request\.body\.writer/ })).toBeVisible();
  await createInput.press('Escape');
  await createInput.fill('');
  await create.getByText('Admins only', { exact: true }).click();

  const saved = waitForApi(page, 'PATCH', `/api/v1/collections/${notes}`);
  await page.getByRole('button', { name: 'Save rules' }).click();
  expect((await saved).status()).toBe(200);
  const collection = await rest<{ data: { rules: Record<string, string | null> } }>(
    admin,
    'GET',
    `/api/v1/collections/${notes}`,
  );
  expect(collection.body.data.rules['update']).toBe(rule);
  expect(collection.body.data.rules['create']).toBeNull();
});
