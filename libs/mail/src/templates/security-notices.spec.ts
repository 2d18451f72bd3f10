import { mfaChangedMessage, type MfaChange } from './security-notices.js';

const AT = new Date('2025-03-01T10:00:00.000Z');

describe('the MFA change notice', () => {
  it.each<[MfaChange, string]>([
    ['totp_enabled', 'An authenticator app was set up'],
    ['totp_disabled', 'The authenticator app was removed'],
    ['passkey_added', 'The passkey "Laptop" was added'],
    ['passkey_removed', 'The passkey "Laptop" was removed'],
    ['recovery_codes_renewed', 'New recovery codes were created'],
  ])('says what changed (%s)', (change, words) => {
    const message = mfaChangedMessage({ to: 'ada@example.com', change, passkeyName: 'Laptop', at: AT });
    expect(message).toMatchObject({ to: 'ada@example.com', subject: 'Your sign-in security changed' });
    expect(message.text).toContain(words);
    expect(message.text).toContain('2025-03-01T10:00:00.000Z');
    expect(message.html).toContain('signed out');
  });

  it('escapes a passkey name in the HTML', () => {
    const message = mfaChangedMessage({
      to: 'ada@example.com',
      change: 'passkey_added',
      passkeyName: '<img src=x onerror=alert(1)>',
      at: AT,
    });
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('&lt;img');
  });
});
