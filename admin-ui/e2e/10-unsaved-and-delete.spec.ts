// Unsaved work and deletes that reach other records: a rule error clears once the rule is edited;
// a schema draft and an edited rule are guarded against leaving the page (stay keeps them, leave
// drops them) and against a reload; Escape on a changed record form and Discard of a draft ask
// first; the delete confirmation counts what happens to the records referring to the deleted one,
// and a restricted delete is refused with the reason. A webhook form and an edited function (kept
// across its tabs) ask the same way. Every outcome is checked through REST.
// Independent of the other specs: its collections have their own names.
import type { Page } from '@playwright/test';
import { expect, login, rest, signInThroughStorage, test, waitForApi, type Session } from './fixtures';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const AUTHORS = `g_authors_${run}`;
const POSTS = `g_posts_${run}`;
const COMMENTS = `g_comments_${run}`;
const INVOICES = `g_invoices_${run}`;

let admin: Session;
const ids: Record<string, string> = {};

async function create(collection: string, values: Record<string, unknown>): Promise<string> {
  const created = await rest<{ data: { id: string } }>(
    admin,
    'POST',
    `/api/v1/collections/${collection}/records`,
    values,
  );
  expect(created.status).toBe(201);
  return created.body.data.id;
}

async function collection(name: string, fields: unknown[]) {
  const created = await rest(admin, 'POST', '/api/v1/collections', { name, fields });
  expect(created.status).toBe(201);
}

async function savedRules(name: string): Promise<Record<string, string | null>> {
  const read = await rest<{ data: { rules: Record<string, string | null> } }>(
    admin,
    'GET',
    `/api/v1/collections/${name}`,
  );
  return read.body.data.rules;
}

async function fieldNames(name: string): Promise<string[]> {
  const read = await rest<{ data: { fields: { name: string }[] } }>(admin, 'GET', `/api/v1/collections/${name}`);
  return read.body.data.fields.map((field) => field.name);
}

function relation(target: string, onDelete: string, name = 'author') {
  return { name, type: 'relation', options: { kind: 'many_to_one', target, onDelete } };
}

function leaveDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Leave this page?' });
}

test.beforeAll(async () => {
  admin = await login();
  await collection(AUTHORS, [{ name: 'name', type: 'text', options: { required: true } }]);
  await collection(POSTS, [
    { name: 'title', type: 'text', options: {} },
    { name: 'published', type: 'boolean', options: {} },
    relation(AUTHORS, 'set_null'),
  ]);
  await collection(COMMENTS, [{ name: 'body', type: 'text', options: {} }, relation(AUTHORS, 'cascade')]);
  await collection(INVOICES, [
    { name: 'number', type: 'text', options: {} },
    relation(AUTHORS, 'restrict', 'customer'),
  ]);
  // The virtual other side: an author's posts.
  const reverse = await rest(admin, 'POST', `/api/v1/collections/${AUTHORS}/fields`, {
    name: 'posts',
    type: 'relation',
    options: { kind: 'one_to_many', target: POSTS, via: 'author' },
  });
  expect(reverse.status).toBe(201);
  expect(
    (await rest(admin, 'PATCH', `/api/v1/collections/${POSTS}`, { rules: { view: 'published = true' } })).status,
  ).toBe(200);

  ids.ada = await create(AUTHORS, { name: 'Ada' });
  ids.grace = await create(AUTHORS, { name: 'Grace' });
  ids.linus = await create(AUTHORS, { name: 'Linus' });
  ids.post = await create(POSTS, { title: 'Engines', author: ids.ada });
  for (const body of ['one', 'two', 'three']) await create(COMMENTS, { body, author: ids.ada });
  ids.otherComment = await create(COMMENTS, { body: 'by Linus', author: ids.linus });
  for (const number of ['A-1', 'A-2']) await create(INVOICES, { number, customer: ids.grace });
});

test.beforeEach(async ({ page }) => {
  await signInThroughStorage(page);
});

test('a rule error clears as soon as the rule is edited, and the buttons work again', async ({ page }) => {
  await page.goto(`collections/${POSTS}/rules`);
  const view = page.getByRole('group', { name: 'view rule' });
  const expression = view.getByLabel('view rule expression');
  await expect(expression).toHaveText('published = true');

  await expression.fill('published = tru');
  const failed = waitForApi(page, 'PATCH', `/api/v1/collections/${POSTS}`);
  await page.getByRole('button', { name: 'Save rules' }).click();
  expect((await failed).status()).toBe(400);
  await expect(view.getByRole('alert')).toBeVisible();
  await expect(expression).toHaveAttribute('aria-invalid', 'true');

  // Typed back to the saved text: the error is gone, and there is nothing left to save.
  await expression.fill('published = true');
  await expect(view.getByRole('alert')).toHaveCount(0);
  await expect(view.getByLabel('Where the expression is wrong')).toHaveCount(0);
  await expect(expression).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('status').filter({ hasText: 'No unsaved changes' })).toBeVisible();

  // A new valid rule: Check and Save are usable, and the rule is saved.
  await expression.fill('published = true || title = "draft"');
  const checked = waitForApi(page, 'PATCH', `/api/v1/collections/${POSTS}`);
  await page.getByRole('button', { name: 'Check' }).click();
  expect((await checked).status()).toBe(200);
  const saved = waitForApi(page, 'PATCH', `/api/v1/collections/${POSTS}`);
  await page.getByRole('button', { name: 'Save rules' }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'No unsaved changes' })).toBeVisible();
  expect((await savedRules(POSTS))['view']).toBe('published = true || title = "draft"');
});

test('a schema draft: staying keeps it, leaving drops it, a reload asks the browser', async ({ page }) => {
  await page.goto(`collections/${POSTS}/schema`);
  await page.getByRole('button', { name: 'Remove title' }).click();
  await expect(page.getByText('1 unsaved change', { exact: true })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: AUTHORS }).click();
  await expect(leaveDialog(page)).toContainText(`the schema of ${POSTS} (1 unsaved change)`);
  await leaveDialog(page).getByRole('button', { name: 'Stay' }).click();
  await expect(page).toHaveURL(new RegExp(`/collections/${POSTS}/schema$`));
  await expect(page.getByText('1 unsaved change', { exact: true })).toBeVisible();

  // A reload: the browser's own question (accepted here, so the draft is gone).
  const dialog = page.waitForEvent('dialog');
  const reload = page.reload();
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.accept();
  await reload;
  await expect(page.getByText('No unsaved changes')).toBeVisible();

  await page.getByRole('button', { name: 'Remove title' }).click();
  await nav.getByRole('link', { name: AUTHORS }).click();
  await leaveDialog(page).getByRole('button', { name: 'Leave and discard' }).click();
  await expect(page).toHaveURL(new RegExp(`/collections/${AUTHORS}/records$`));
  await nav.getByRole('link', { name: POSTS }).click();
  await page.getByRole('tab', { name: 'Schema' }).click();
  await expect(page.getByText('No unsaved changes')).toBeVisible();
  expect(await fieldNames(POSTS)).toContain('title');
});

test('an edited rule: staying keeps it, leaving drops it', async ({ page }) => {
  await page.goto(`collections/${POSTS}/rules`);
  const list = page.getByRole('group', { name: 'list rule' });
  await list.getByText('Anyone', { exact: true }).click();
  await expect(page.getByText('1 unsaved rule change')).toBeVisible();

  await page.getByRole('tab', { name: 'Schema' }).click();
  await expect(leaveDialog(page)).toContainText(`the access rules of ${POSTS}`);
  await leaveDialog(page).getByRole('button', { name: 'Stay' }).click();
  await expect(page).toHaveURL(new RegExp(`/collections/${POSTS}/rules$`));
  await expect(page.getByText('1 unsaved rule change')).toBeVisible();

  await page.getByRole('tab', { name: 'Schema' }).click();
  await leaveDialog(page).getByRole('button', { name: 'Leave and discard' }).click();
  await expect(page).toHaveURL(new RegExp(`/collections/${POSTS}/schema$`));
  await page.getByRole('tab', { name: 'Access rules' }).click();
  await expect(page.getByText('No unsaved changes')).toBeVisible();
  expect((await savedRules(POSTS))['list']).toBeNull();
});

test('Escape on a changed record form asks; on an untouched one it closes', async ({ page }) => {
  await page.goto(`collections/${POSTS}/records`);
  await page.getByRole('button', { name: 'New record' }).click();
  const drawer = page.getByRole('dialog', { name: `New ${POSTS} record` });
  await drawer.getByLabel('title').fill('Not yet');
  await page.keyboard.press('Escape');
  const question = page.getByRole('dialog', { name: 'Close without saving?' });
  await question.getByRole('button', { name: 'Keep editing' }).click();
  await expect(drawer.getByLabel('title')).toHaveValue('Not yet');

  await drawer.getByRole('button', { name: 'Close', exact: true }).click();
  await question.getByRole('button', { name: 'Discard changes' }).click();
  await expect(drawer).toBeHidden();
  const listed = await rest<{ data: unknown[] }>(
    admin,
    'GET',
    `/api/v1/collections/${POSTS}/records?filter=title%20%3D%20%22Not%20yet%22`,
  );
  expect(listed.body.data).toHaveLength(0);

  await page.getByRole('button', { name: 'New record' }).click();
  await expect(drawer.getByLabel('title')).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(question).toHaveCount(0);
});

test('Discard of a draft with several changes asks first', async ({ page }) => {
  await page.goto(`collections/${POSTS}/schema`);
  // A changed field form asks before Escape drops it too.
  await page.getByRole('button', { name: 'Edit title' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit field “title”' });
  await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('headline');
  await page.keyboard.press('Escape');
  await page
    .getByRole('dialog', { name: 'Close without keeping the changes?' })
    .getByRole('button', { name: 'Discard changes' })
    .click();
  await expect(editor).toBeHidden();
  await expect(page.getByText('No unsaved changes')).toBeVisible();

  await page.getByRole('button', { name: 'Remove title' }).click();
  await page.getByRole('button', { name: 'Remove published' }).click();
  await expect(page.getByText('2 unsaved changes')).toBeVisible();

  await page.getByRole('button', { name: 'Discard' }).click();
  const question = page.getByRole('dialog', { name: 'Discard the draft?' });
  await question.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByText('2 unsaved changes')).toBeVisible();

  await page.getByRole('button', { name: 'Discard' }).click();
  await question.getByRole('button', { name: 'Discard 2 changes' }).click();
  await expect(page.getByText('No unsaved changes')).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Field title' })).toBeVisible();
  expect(await fieldNames(POSTS)).toEqual(['title', 'published', 'author']);
});

test('deleting a referenced record names each effect with counts; a restricted one is refused', async ({ page }) => {
  await page.goto(`collections/${AUTHORS}/records`);
  const rows = page
    .getByRole('grid', { name: `${AUTHORS} records` })
    .locator('tbody')
    .getByRole('row');
  await expect(rows).toHaveCount(3);
  await rows
    .filter({ hasText: 'Ada' })
    .getByRole('button', { name: /Open record/ })
    .click();
  const drawer = page.getByRole('dialog', { name: `Edit ${AUTHORS} record` });

  // The one-to-many side, read-only, with a link to the posts.
  const posts = drawer.getByRole('group', { name: 'posts' });
  await expect(posts).toContainText('1 record:');
  await expect(posts).toContainText('Engines');
  await expect(posts.getByRole('link', { name: `Show it in ${POSTS}` })).toHaveAttribute(
    'href',
    `/admin/collections/${POSTS}/records?filter=${encodeURIComponent(`author = "${ids.ada}"`)}`,
  );

  await drawer.getByRole('button', { name: 'Delete record' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this record?' });
  const effects = confirm.getByRole('list', { name: 'Records that refer to it:' });
  await expect(effects).toContainText(`1 record in ${POSTS} will have author set to null`);
  await expect(effects).toContainText(`3 records in ${COMMENTS} will be deleted too (their author refers to it)`);
  await expect(effects.getByRole('listitem')).toHaveCount(2);
  const deleted = waitForApi(page, 'DELETE', `/api/v1/collections/${AUTHORS}/records/${ids.ada}`);
  await confirm.getByRole('button', { name: 'Delete record' }).click();
  expect((await deleted).status()).toBe(204);
  await expect(drawer).toBeHidden();
  await expect(rows).toHaveCount(2);

  const post = await rest<{ data: { author: string | null } }>(
    admin,
    'GET',
    `/api/v1/collections/${POSTS}/records/${ids.post}`,
  );
  expect(post.body.data.author).toBeNull();
  const comments = await rest<{ data: { id: string }[] }>(admin, 'GET', `/api/v1/collections/${COMMENTS}/records`);
  expect(comments.body.data.map((comment) => comment.id)).toEqual([ids.otherComment]);

  // Grace has invoices, whose relation restricts: the confirmation says so, the server refuses.
  await rows.filter({ hasText: 'Grace' }).getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Delete selected (1)' }).click();
  const bulk = page.getByRole('dialog', { name: 'Delete 1 record?' });
  await expect(bulk.getByRole('list', { name: 'Records that refer to it:' })).toContainText(
    `Refused: 2 records in ${INVOICES} refer to it through customer`,
  );
  await expect(bulk).toContainText('The delete will be refused');
  const refused = page.waitForResponse(
    (response) =>
      response.request().method() === 'DELETE' && response.url().includes(`/collections/${AUTHORS}/records?`),
  );
  await bulk.getByRole('button', { name: 'Delete 1 record' }).click();
  expect((await refused).status()).toBe(409);
  await expect(bulk.getByRole('alert').filter({ hasText: 'The server refused the delete' })).toContainText(
    'Records still refer to it',
  );
  expect((await rest(admin, 'GET', `/api/v1/collections/${AUTHORS}/records/${ids.grace}`)).status).toBe(200);
  const invoices = await rest<{ data: { customer: string }[] }>(
    admin,
    'GET',
    `/api/v1/collections/${INVOICES}/records`,
  );
  expect(invoices.body.data.map((invoice) => invoice.customer)).toEqual([ids.grace, ids.grace]);
});

test('a changed webhook form asks before Escape or Cancel drops it', async ({ page }) => {
  const name = `half-done-${run}`;
  await page.goto('webhooks');
  await page.getByRole('button', { name: 'New webhook' }).click();
  const dialog = page.getByRole('dialog', { name: 'New webhook' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.keyboard.press('Escape');
  const question = page.getByRole('dialog', { name: 'Close without saving?' });
  await question.getByRole('button', { name: 'Keep editing' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue(name);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await question.getByRole('button', { name: 'Discard changes' }).click();
  await expect(dialog).toBeHidden();
  const webhooks = await rest<{ data: { name: string }[] }>(admin, 'GET', '/api/v1/webhooks');
  expect(webhooks.body.data.map((webhook) => webhook.name)).not.toContain(name);
});

test('an edited function survives a switch of its tabs; leaving the function or Discard asks', async ({ page }) => {
  const name = `guarded_${run}`;
  const saved = 'export default async () => ({ saved: true });\n';
  const created = await rest(admin, 'POST', '/api/v1/functions', { name, language: 'typescript', source: saved });
  expect(created.status).toBe(201);
  await page.goto(`functions/${name}/code`);
  const editor = page.getByRole('textbox', { name: 'Function source' });
  await editor.fill('export default async () => ({ edited: true });\n');

  await page.getByRole('tab', { name: 'Versions' }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${name}/versions$`));
  await expect(page.getByRole('dialog', { name: 'Leave this page?' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Code' }).click();
  await expect(editor).toContainText('edited: true');

  await page.getByRole('link', { name: '← All functions' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave this page?' });
  await expect(leave).toContainText(`the function “${name}”`);
  await leave.getByRole('button', { name: 'Stay' }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${name}/code$`));
  await expect(editor).toContainText('edited: true');

  await page.getByRole('button', { name: 'Discard changes' }).click();
  const discard = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
  await discard.getByRole('button', { name: 'Discard changes' }).click();
  await expect(editor).toContainText('saved: true');
  const stored = await rest<{ version: { number: number; source: string } }>(admin, 'GET', `/api/v1/functions/${name}`);
  expect(stored.body.version).toMatchObject({ number: 1, source: saved });
});
