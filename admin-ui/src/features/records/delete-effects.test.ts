// What a delete does to the records referring to it: relations found from metadata, filters that
// count them within the parameter cap, and the sentences the confirmation shows.
import { describe, expect, it } from 'vitest';
import { testCollection as collection } from '../../api/collection-fixture';
import {
  effectSentence,
  effectsThatApply,
  isRefused,
  referencingFilters,
  referencingRelations,
  type DeleteEffect,
} from './delete-effects';

const collections = [
  collection('authors', [
    { name: 'name', type: 'text', options: {} },
    { name: 'posts', type: 'relation', options: { kind: 'one_to_many', target: 'posts', via: 'author' } },
    { name: 'mentor', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
  ]),
  collection('posts', [
    { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
    { name: 'editors', type: 'relation', options: { kind: 'many_to_many', target: 'authors' } },
  ]),
  collection('invoices', [
    { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'restrict' } },
  ]),
  collection('comments', [
    { name: 'post', type: 'relation', options: { kind: 'many_to_one', target: 'posts', onDelete: 'cascade' } },
  ]),
];

describe('delete effects', () => {
  it('finds every field pointing at the collection, the virtual one-to-many side left out', () => {
    expect(referencingRelations(collections, 'authors')).toEqual([
      { collection: 'authors', field: 'mentor', effect: 'set_null' },
      { collection: 'posts', field: 'author', effect: 'set_null' },
      { collection: 'posts', field: 'editors', effect: 'unlink' },
      { collection: 'invoices', field: 'author', effect: 'restrict' },
    ]);
    expect(referencingRelations(collections, 'comments')).toEqual([]);
  });

  it('counts many-to-one references with `in` and many-to-many ones with "contains"', () => {
    expect(referencingFilters({ collection: 'posts', field: 'author', effect: 'set_null' }, ['a', 'b'])).toEqual([
      'author in ["a", "b"]',
    ]);
    expect(referencingFilters({ collection: 'posts', field: 'editors', effect: 'unlink' }, ['a', 'b'])).toEqual([
      'editors ?= "a" || editors ?= "b"',
    ]);
  });

  it('splits a long selection into filters under the parameter cap, losing no id', () => {
    const ids = Array.from({ length: 200 }, (_, index) => `0190a0b0-0000-7000-8000-${String(index).padStart(12, '0')}`);
    for (const effect of ['cascade', 'unlink'] as const) {
      const filters = referencingFilters({ collection: 'posts', field: 'author', effect }, ids);
      expect(filters.length).toBeGreaterThan(1);
      for (const filter of filters) expect(filter.length).toBeLessThanOrEqual(3_500);
      expect(filters.join(' ').match(/0190a0b0/g)).toHaveLength(200);
    }
  });

  it.each<[DeleteEffect, number, string]>([
    [
      { collection: 'posts', field: 'author', effect: 'set_null', count: 1 },
      1,
      '1 record in posts will have author set to null',
    ],
    [
      { collection: 'comments', field: 'post', effect: 'cascade', count: 3 },
      1,
      '3 records in comments will be deleted too (their post refers to it)',
    ],
    [
      { collection: 'invoices', field: 'author', effect: 'restrict', count: 2 },
      2,
      'Refused: 2 records in invoices refer to them through author',
    ],
    [
      { collection: 'posts', field: 'editors', effect: 'unlink', count: 4 },
      1,
      '4 records in posts will no longer list it in editors',
    ],
  ])('says %j', (effect, deleting, sentence) => {
    expect(effectSentence(effect, deleting)).toBe(sentence);
  });

  it('lists only effects that happen, refusals first, and knows a refused delete', () => {
    const effects: DeleteEffect[] = [
      { collection: 'posts', field: 'author', effect: 'set_null', count: 1 },
      { collection: 'posts', field: 'editors', effect: 'unlink', count: 0 },
      { collection: 'invoices', field: 'author', effect: 'restrict', count: 2 },
    ];
    expect(effectsThatApply(effects).map((effect) => effect.effect)).toEqual(['restrict', 'set_null']);
    expect(isRefused(effects)).toBe(true);
    expect(isRefused(effects.map((effect) => ({ ...effect, count: effect.effect === 'restrict' ? 0 : 5 })))).toBe(
      false,
    );
  });
});
