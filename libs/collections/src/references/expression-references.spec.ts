import type { CollectionDefinition, FieldDefinition } from '@stagecraft/schema';
import { collectionId, makeCollection, makeField, makeUsers } from '../../../schema/src/testing/schema-fixtures.js';
import { analyseExpression, changesFieldNames, type SchemaChangePair } from './expression-references.js';

const owner = makeField(10, 'owner', 'relation', { kind: 'many_to_one', target: 'users', onDelete: 'set_null' });
const authors = makeCollection(2, 'authors', [makeField(20, 'name', 'text', {}), owner]);
const posts = makeCollection(1, 'posts', [
  makeField(1, 'published', 'boolean', {}),
  makeField(2, 'title', 'text', {}),
  makeField(3, 'author', 'relation', { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' }),
  makeField(4, 'qty', 'integer', {}),
]);
const pages = makeCollection(3, 'pages', [
  makeField(30, 'published', 'boolean', {}),
  makeField(31, 'title', 'text', {}),
]);
const users = makeUsers([makeField(101, 'nickname', 'text', {})]);
const BEFORE: readonly CollectionDefinition[] = [users, posts, authors, pages];

/** The schema after applying `edit` to a copy of the fields of the named collection. */
function changed(collection: string, edit: (fields: FieldDefinition[]) => FieldDefinition[]): SchemaChangePair {
  const after = structuredClone(BEFORE) as CollectionDefinition[];
  const target = after.find((c) => c.name === collection) as CollectionDefinition;
  target.fields = edit(target.fields);
  return { before: BEFORE, after };
}

const rename = (from: string, to: string) => (fields: FieldDefinition[]) =>
  fields.map((field) => (field.name === from ? { ...field, name: to } : field));
const drop = (name: string) => (fields: FieldDefinition[]) => fields.filter((field) => field.name !== name);

const POSTS = collectionId(1);
const PAGES = collectionId(3);

describe('analyseExpression', () => {
  it.each<[string, string, SchemaChangePair, string]>([
    [
      'a field of the collection',
      'published = true && title ~ "x"',
      changed('posts', rename('published', 'is_public')),
      'is_public = true && title ~ "x"',
    ],
    [
      'a field in @request.body',
      '@request.body.title != "" && qty > 0',
      changed('posts', rename('title', 'headline')),
      '@request.body.headline != "" && qty > 0',
    ],
    [
      'a field of a related collection',
      'author.name = "x" || title = "y"',
      changed('authors', rename('name', 'full_name')),
      'author.full_name = "x" || title = "y"',
    ],
    [
      'the relation itself',
      'author.name = "x" && author != null',
      changed('posts', rename('author', 'writer')),
      'writer.name = "x" && writer != null',
    ],
    [
      'two hops down',
      'author.owner.nickname = "x"',
      changed('users', rename('nickname', 'handle')),
      'author.owner.handle = "x"',
    ],
    [
      'through created_by',
      'created_by.nickname = "x"',
      changed('users', rename('nickname', 'handle')),
      'created_by.handle = "x"',
    ],
    [
      'swapped names, by id',
      'title = "a" && qty > 1',
      changed('posts', (fields) =>
        fields.map((f) =>
          f.name === 'title' ? { ...f, name: 'qty' } : f.name === 'qty' ? { ...f, name: 'title' } : f,
        ),
      ),
      'qty = "a" && title > 1',
    ],
  ])('%s', (_name, source, change, expected) => {
    expect(analyseExpression(source, [POSTS], change).verdict).toEqual({ kind: 'rewritten', source: expected });
  });

  it('keeps the text as written when nothing it names changes', () => {
    const source = '(title ~ "x")   &&published=true';
    expect(analyseExpression(source, [POSTS], changed('authors', rename('name', 'full_name'))).verdict).toEqual({
      kind: 'unchanged',
    });
  });

  it('names each dropped field it uses, on the path too', () => {
    const change = changed('posts', (fields) => drop('author')(drop('published')(fields)));
    expect(analyseExpression('published = true || author.name = "x"', [POSTS], change).verdict).toEqual({
      kind: 'dropped',
      fields: ['posts.published', 'posts.author'],
    });
    const names = changed('authors', drop('name'));
    expect(analyseExpression('author.name = "x"', [POSTS], names).verdict).toEqual({
      kind: 'dropped',
      fields: ['authors.name'],
    });
  });

  it('follows ids, so a field renamed into the name of a dropped one does not stand in for it', () => {
    const change = changed('posts', (fields) => rename('qty', 'title')(drop('title')(fields)));
    expect(analyseExpression('title = "a"', [POSTS], change).verdict).toEqual({
      kind: 'dropped',
      fields: ['posts.title'],
    });
  });

  it('does not count a dropped field whose name a new field takes (recreated with another type)', () => {
    const change = changed('posts', (fields) => [...drop('qty')(fields), makeField(99, 'qty', 'number', {})]);
    expect(analyseExpression('qty > 1', [POSTS], change).verdict).toEqual({ kind: 'unchanged' });
  });

  it('agrees across collections when each renames the same way, and refuses when they differ', () => {
    const both = changed('posts', rename('published', 'is_public'));
    const pagesToo = both.after.find((c) => c.name === 'pages') as CollectionDefinition;
    pagesToo.fields = rename('published', 'is_public')(pagesToo.fields);
    expect(analyseExpression('published = true', [POSTS, PAGES], both).verdict).toEqual({
      kind: 'rewritten',
      source: 'is_public = true',
    });
    const one = changed('posts', rename('published', 'is_public'));
    expect(analyseExpression('published = true', [POSTS, PAGES], one)).toEqual({
      verdict: { kind: 'ambiguous', collections: ['posts', 'pages'] },
      renamed: [{ collection: 'posts', from: 'published', to: 'is_public' }],
    });
  });

  it('ignores collections the expression never applied to, and collections the change drops', () => {
    const one = changed('posts', rename('qty', 'amount'));
    // pages has no qty: the condition never matched there, so it does not stand in the way.
    expect(analyseExpression('qty > 1', [POSTS, PAGES], one).verdict).toEqual({
      kind: 'rewritten',
      source: 'amount > 1',
    });
    const gone = { before: BEFORE, after: BEFORE.filter((c) => c.name !== 'pages') };
    expect(analyseExpression('published = true', [PAGES], gone).verdict).toEqual({ kind: 'unchanged' });
  });

  it('refuses a rewrite that longer names push past the length an expression may have', () => {
    const source = `qty > 1 && title = "${'x'.repeat(4060)}"`;
    const longer = 'q'.repeat(63);
    expect(analyseExpression(source, [POSTS], changed('posts', rename('qty', longer))).verdict).toEqual({
      kind: 'too_long',
      length: source.length + 60,
    });
    expect(analyseExpression(source, [POSTS], changed('posts', rename('qty', 'n'))).verdict).toMatchObject({
      kind: 'rewritten',
    });
  });

  it('leaves an expression it cannot read alone', () => {
    expect(analyseExpression('published = ', [POSTS], changed('posts', drop('published'))).verdict).toEqual({
      kind: 'unchanged',
    });
    expect(analyseExpression('nope = 1', [POSTS], changed('posts', drop('published'))).verdict).toEqual({
      kind: 'unchanged',
    });
  });
});

describe('changesFieldNames', () => {
  it('is true for a rename or a drop, false for anything else', () => {
    expect(changesFieldNames(changed('posts', rename('title', 'headline')))).toBe(true);
    expect(changesFieldNames(changed('posts', drop('title')))).toBe(true);
    expect(changesFieldNames(changed('posts', (fields) => [...fields, makeField(98, 'extra', 'text', {})]))).toBe(
      false,
    );
    expect(changesFieldNames({ before: BEFORE, after: BEFORE })).toBe(false);
  });
});
