// The grid's view in the URL: read back as written, defaults omitted, bad values ignored.
import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, readGridView, writeGridView } from './url-state';

describe('grid view in the URL', () => {
  it('round-trips a filter, a multi-column sort, a page and a page size', () => {
    const view = {
      filter: 'price > 5 && title ~ "a&b"',
      sort: [
        { id: 'price', desc: true },
        { id: 'title', desc: false },
      ],
      page: 3,
      pageSize: 50,
    };
    const params = writeGridView(view, new URLSearchParams());
    expect(params.get('sort')).toBe('-price,title');
    expect(readGridView(new URLSearchParams(params.toString()))).toEqual(view);
  });

  it('keeps a relation column sorted by the name shown as its path', () => {
    const view = { ...DEFAULT_VIEW, sort: [{ id: 'author.name', desc: true }] };
    const params = writeGridView(view, new URLSearchParams());
    expect(params.get('sort')).toBe('-author.name');
    expect(readGridView(new URLSearchParams(params.toString()))).toEqual(view);
  });

  it('leaves defaults out and keeps unrelated params', () => {
    const params = writeGridView(DEFAULT_VIEW, new URLSearchParams('tab=x&page=4'));
    expect(params.toString()).toBe('tab=x');
    expect(readGridView(params)).toEqual(DEFAULT_VIEW);
  });

  it('tells "no sort" from the default sort', () => {
    const params = writeGridView({ ...DEFAULT_VIEW, sort: [] }, new URLSearchParams());
    expect(params.toString()).toBe('sort=');
    expect(readGridView(params).sort).toEqual([]);
  });

  it.each([
    ['page=0', { page: 1 }],
    ['page=-2', { page: 1 }],
    ['page=abc', { page: 1 }],
    ['size=7', { pageSize: 20 }],
    ['size=100000', { pageSize: 20 }],
    ['sort=price;drop', { sort: [] }],
    ['sort=author.team.name', { sort: [] }],
  ])('ignores a bad value: %s', (query, expected) => {
    expect(readGridView(new URLSearchParams(query))).toMatchObject(expected);
  });
});
