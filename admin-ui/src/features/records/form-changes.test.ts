// A record form is changed when an input differs from where it started, files included.
import { describe, expect, it } from 'vitest';
import { changedInputs } from './form-changes';

const file = (name: string) => ({ name, size: 1, type: 'text/plain' }) as never;

describe('record form changes', () => {
  it('sees no change in an untouched form', () => {
    const start = { title: 'a', done: false, tags: ['x'], cover: { kept: [file('a.png')], added: [] } };
    expect(changedInputs(start, structuredClone(start))).toEqual([]);
  });

  it.each([
    ['text', { title: 'b' }],
    ['a boolean', { done: true }],
    ['a list', { tags: ['x', 'y'] }],
    ['a removed file', { cover: { kept: [], added: [] } }],
    ['an added file', { cover: { kept: [file('a.png')], added: [{ key: 'k1', file: new Blob() as File }] } }],
  ])('names the field when %s changes', (_kind, change) => {
    const start = { title: 'a', done: false, tags: ['x'], cover: { kept: [file('a.png')], added: [] } };
    expect(changedInputs(start, { ...start, ...change })).toEqual(Object.keys(change));
  });

  it('takes a cleared value back to the start as unchanged', () => {
    expect(changedInputs({ title: '' }, { title: '' })).toEqual([]);
  });
});
