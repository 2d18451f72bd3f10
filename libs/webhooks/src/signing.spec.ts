import { createHmac } from 'node:crypto';
import { generateSecret, secretProblem, sign, signedHeaders } from './signing.js';

describe('webhook signing (Standard Webhooks)', () => {
  it('signs `id.timestamp.body` with the decoded secret, computed independently', () => {
    const key = Buffer.from('a-32-byte-key-for-the-unit-test!');
    const secret = `whsec_${key.toString('base64')}`;
    const body = '{"id":"e1","type":"record.created","data":{"n":1}}';
    const expected = createHmac('sha256', key).update(`evt_123.1700000000.${body}`).digest('base64');
    expect(sign(secret, 'evt_123', 1700000000, body)).toBe(`v1,${expected}`);
  });

  it('matches the reference vector of the Standard Webhooks libraries', () => {
    expect(
      sign(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('sends every header a receiver needs', () => {
    const secret = generateSecret();
    const headers = signedHeaders(secret, 'evt_1', 1700000001, '{}');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Stagecraft-Webhooks/1',
      'webhook-id': 'evt_1',
      'webhook-timestamp': '1700000001',
      'webhook-signature': sign(secret, 'evt_1', 1700000001, '{}'),
    });
  });

  it('generates secrets of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
    expect(secretProblem(secret)).toBeUndefined();
  });

  it.each([
    ['abc', /must start with "whsec_"/],
    ['whsec_not base64!', /must be base64/],
    ['whsec_c2hvcnQ=', /24 to 64 bytes, not 5/],
    [`whsec_${Buffer.alloc(65).toString('base64')}`, /not 65/],
  ])('refuses the secret %s', (secret, problem) => {
    expect(secretProblem(secret)).toMatch(problem);
  });
});
