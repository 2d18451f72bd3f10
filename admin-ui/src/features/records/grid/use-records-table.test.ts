// Which columns sort, and by what: a to-one relation by the name its cells show.
import { describe, expect, it } from 'vitest';
import { testCollection as collection } from '../../../api/collection-fixture';
import { relationSortHint } from './grid-header';
import { sortPath, sortPaths } from './use-records-table';

const authors = collection('authors', [
  { name: 'avatar', type: 'file', options: {} },
  { name: 'name', type: 'text', options: {} },
]);
const tags = collection('tags', [{ name: 'weight', type: 'integer', options: {} }]);
const posts = collection('posts', [
  { name: 'title', type: 'text', options: {} },
  { name: 'secret_note', type: 'text', options: { hidden: true } },
  { name: 'data', type: 'json', options: {} },
  { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
  { name: 'tag', type: 'relation', options: { kind: 'many_to_one', target: 'tags', onDelete: 'set_null' } },
  { name: 'tags', type: 'relation', options: { kind: 'many_to_many', target: 'tags' } },
]);
const collections = [authors, tags, posts];
const field = (name: string) => posts.fields.find((item) => item.name === name);

describe('sortPath', () => {
  it.each([
    ['created_at', 'created_at'],
    ['title', 'title'],
    ['author', 'author.name'],
    ['tag', null],
    ['tags', null],
    ['data', null],
    ['secret_note', null],
  ])('%s sorts by %s', (name, expected) => {
    expect(sortPath(name, field(name), collections)).toBe(expected);
  });

  it('lists the sortable columns of a grid', () => {
    expect([...sortPaths(posts, collections)]).toEqual([
      ['id', 'id'],
      ['created_at', 'created_at'],
      ['updated_at', 'updated_at'],
      ['title', 'title'],
      ['author', 'author.name'],
    ]);
  });
});

describe('relationSortHint', () => {
  it('says what a relation column sorts by, or why it does not', () => {
    expect(relationSortHint(field('author'), 'name')).toBe("Sorts by the related record's name, the name shown.");
    expect(relationSortHint(field('tag'), null)).toMatch(/no text field to show, so this column does not sort/);
    expect(relationSortHint(field('tags'), null)).toMatch(/to-many relation .* does not sort/);
    expect(relationSortHint(field('title'), null)).toBeUndefined();
  });
});
