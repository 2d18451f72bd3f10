// Proves the software authenticator's output passes @simplewebauthn/server, the library the
// server verifies passkeys with, and that a rolled-back counter is refused.

import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { createSoftwareAuthenticator } from './software-authenticator.js';

const origin = 'http://localhost:3000';
const rpID = 'localhost';

async function registered() {
  const authenticator = createSoftwareAuthenticator({ origin, rpId: rpID });
  const options = await generateRegistrationOptions({
    rpName: 'Stagecraft',
    rpID,
    userName: 'ada@example.com',
    userID: Buffer.from('user-1'),
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  const response = authenticator.register(options);
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  });
  return { authenticator, options, response, verification };
}

async function signIn(
  authenticator: ReturnType<typeof createSoftwareAuthenticator>,
  credential: WebAuthnCredential,
  allowCredentials?: { id: string }[],
) {
  const options = await generateAuthenticationOptions({ rpID, allowCredentials, userVerification: 'required' });
  const response = authenticator.authenticate(options);
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    requireUserVerification: true,
  });
  return { response, verification };
}

describe('software authenticator', () => {
  it('registers a passkey the server verifies', async () => {
    const { options, response, verification } = await registered();

    expect(verification.verified).toBe(true);
    expect(verification.registrationInfo?.credential.id).toBe(response.id);
    expect(verification.registrationInfo?.credential.counter).toBe(0);
    expect(verification.registrationInfo?.fmt).toBe('none');
    expect(verification.registrationInfo?.userVerified).toBe(true);
    expect(Buffer.from(response.id, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(options.user.id).toBe(Buffer.from('user-1').toString('base64url'));
  });

  it.each([
    ['with allowCredentials', true],
    ['discoverable (no allowCredentials)', false],
  ])('signs in %s, returning the user handle and a rising counter', async (_name, allow) => {
    const { authenticator, verification } = await registered();
    const credential = { ...verification.registrationInfo!.credential };
    const allowCredentials = allow ? [{ id: credential.id }] : undefined;

    const first = await signIn(authenticator, credential, allowCredentials);
    credential.counter = first.verification.authenticationInfo.newCounter;
    const second = await signIn(authenticator, credential, allowCredentials);

    expect(first.verification.verified).toBe(true);
    expect(second.verification.verified).toBe(true);
    expect(first.verification.authenticationInfo.newCounter).toBe(1);
    expect(second.verification.authenticationInfo.newCounter).toBe(2);
    expect(first.response.response.userHandle).toBe(Buffer.from('user-1').toString('base64url'));
  });

  it('is refused once its counter falls behind what the server has seen (a clone)', async () => {
    const { authenticator, verification } = await registered();
    const credential = { ...verification.registrationInfo!.credential };
    for (let i = 0; i < 3; i++) {
      credential.counter = (await signIn(authenticator, credential)).verification.authenticationInfo.newCounter;
    }
    authenticator.setCounter(credential.id, 1);

    await expect(signIn(authenticator, credential)).rejects.toThrow(/counter/i);
  });

  it('refuses options for another RP and credentials it excludes', async () => {
    const { authenticator, options, response } = await registered();

    expect(() => authenticator.register({ ...options, rp: { ...options.rp, id: 'evil.example' } })).toThrow(/RP ID/);
    expect(() =>
      authenticator.register({ ...options, excludeCredentials: [{ id: response.id, type: 'public-key' }] }),
    ).toThrow(/InvalidStateError/);
    expect(() =>
      authenticator.authenticate({ challenge: 'x', allowCredentials: [{ id: 'nope', type: 'public-key' }] }),
    ).toThrow(/NotAllowedError/);
  });
});
