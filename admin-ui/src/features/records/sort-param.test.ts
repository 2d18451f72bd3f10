// The sort in the API's words and the grid's: relation paths parse, and map to their columns and back.
import { describe, expect, it } from 'vitest';
import { parseSortParam, sortByColumn, sortByPath, sortParam } from './sort-param';

describe('sort param', () => {
  it('reads fields and relation.field, each with an optional -', () => {
    expect(parseSortParam('-author.name, title,-created_at')).toEqual([
      { id: 'author.name', desc: true },
      { id: 'title', desc: false },
      { id: 'created_at', desc: true },
    ]);
    expect(sortParam(parseSortParam('-author.name,title'))).toBe('-author.name,title');
  });

  it.each(['author.team.name', 'author.', '.name', '--title', 'Title', 'a b'])('drops %s', (item) => {
    expect(parseSortParam(`${item},price`)).toEqual([{ id: 'price', desc: false }]);
  });

  const paths = new Map([
    ['created_at', 'created_at'],
    ['title', 'title'],
    ['author', 'author.name'],
  ]);

  it('maps API paths to column ids and back', () => {
    const api = [
      { id: 'author.name', desc: true },
      { id: 'title', desc: false },
    ];
    const columns = sortByColumn(api, paths);
    expect(columns).toEqual([
      { id: 'author', desc: true },
      { id: 'title', desc: false },
    ]);
    expect(sortByPath(columns, paths)).toEqual(api);
  });

  it('keeps a path no column sorts by as it is (the API says why it refuses it)', () => {
    const api = [{ id: 'author.email', desc: false }];
    expect(sortByColumn(api, paths)).toEqual(api);
    expect(sortByPath(sortByColumn(api, paths), paths)).toEqual(api);
  });
});
