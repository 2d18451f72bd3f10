import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('a-secret-of-at-least-thirty-two-bytes!!');

  it('round-trips and never repeats a ciphertext', () => {
    const first = box.encrypt('sk_live_123');
    const second = box.encrypt('sk_live_123');
    expect(first).not.toBe(second);
    expect(first).not.toContain('sk_live_123');
    expect(box.decrypt(first)).toBe('sk_live_123');
  });

  it('refuses a tampered value or another key', () => {
    const stored = box.encrypt('value');
    const [version, iv, tag, data] = stored.split(':');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.decrypt([version, iv, tag, flipped.toString('base64url')].join(':'))).toThrow();
    expect(() => new SecretBox('another-secret-of-thirty-two-bytes!!!').decrypt(stored)).toThrow();
  });
});
