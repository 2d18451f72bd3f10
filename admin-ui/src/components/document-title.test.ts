import { describe, expect, it } from 'vitest';
import { documentTitle } from './document-title';

describe('documentTitle', () => {
  it.each([
    ['Users', 'Users · Stagecraft'],
    ['  books · Records ', 'books · Records · Stagecraft'],
    ['', 'Stagecraft'],
    [undefined, 'Stagecraft'],
  ])('%j gives %j', (page, expected) => {
    expect(documentTitle(page)).toBe(expected);
  });
});
