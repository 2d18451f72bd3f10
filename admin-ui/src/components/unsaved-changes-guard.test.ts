// Which navigations the unsaved-changes guard stops: only a change of page while a form is dirty.
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
    const block = leavesPage(dirty);
    expect(
      block({ currentLocation: at(from), nextLocation: at(to, '?filter=x'), historyAction: 'PUSH' as never }),
    ).toBe(blocked);
  });
});
