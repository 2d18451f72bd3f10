import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('turns http(s) URLs into links and keeps the text around them', () => {
    expect(linkify('Reset: https://x.test/admin/reset-password?token=abc.\nThanks')).toEqual([
      { kind: 'text', text: 'Reset: ' },
      { kind: 'link', href: 'https://x.test/admin/reset-password?token=abc' },
      { kind: 'text', text: '.\nThanks' },
    ]);
  });

  it('leaves other schemes as text', () => {
    expect(linkify('javascript:alert(1) data:text/html,x')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) data:text/html,x' },
    ]);
  });

  it('finds several links, and none in empty text', () => {
    expect(linkify('http://a.test and https://b.test').filter((part) => part.kind === 'link')).toHaveLength(2);
    expect(linkify('')).toEqual([]);
  });
});
