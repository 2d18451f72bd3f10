// Which navigations the unsaved-changes guard stops: a change of page while a form is dirty, or
// for a form kept across a page's tabs, leaving those tabs.
import type { Location } from 'react-router';
import { describe, expect, it } from 'vitest';
import { leavesPage } from './unsaved-changes-guard';

const at = (pathname: string, search = ''): Location => ({ pathname, search, hash: '', state: null, key: 'k' });

describe('leavesPage', () => {
  it.each([
    [true, '/collections/posts/schema', '/collections/authors/records', true],
    [true, '/collections/posts/rules', '/collections/posts/schema', true],
    [false, '/collections/posts/schema', '/collections/authors/records', false],
    // A filter or sort written into the query string keeps the page and its forms.
    [true, '/collections/posts/records', '/collections/posts/records', false],
  ])('dirty %s, %s → %s: blocked %s', (dirty, from, to, blocked) => {
    const block = leavesPage(dirty ? [{ what: 'the schema' }] : []);
    expect(
      block({ currentLocation: at(from), nextLocation: at(to, '?filter=x'), historyAction: 'PUSH' as never }),
    ).toBe(blocked);
  });
});

describe('leavesPage, for a form kept under a path', () => {
  const fn = [{ what: 'the function “hello”', keptUnder: '/functions/hello/' }];
  it.each([
    ['/functions/hello/code', '/functions/hello/versions', false],
    ['/functions/hello/code', '/functions/hello-world/code', true],
    ['/functions/hello/code', '/functions', true],
  ])('%s → %s: blocked %s', (from, to, blocked) => {
    expect(leavesPage(fn)({ currentLocation: at(from), nextLocation: at(to), historyAction: 'PUSH' as never })).toBe(
      blocked,
    );
  });

  it('blocks when any one of several forms would lose its changes', () => {
    const forms = [...fn, { what: 'a record' }];
    expect(
      leavesPage(forms)({
        currentLocation: at('/functions/hello/code'),
        nextLocation: at('/functions/hello/versions'),
        historyAction: 'PUSH' as never,
      }),
    ).toBe(true);
  });
});
