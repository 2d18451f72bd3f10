// WebAuthn ceremonies for passkeys: registration for a signed-in user, and assertions, either as a
// second factor (the MFA ticket names the user) or passwordless (a discoverable credential whose
// user handle is the user id, with user verification). Each ceremony's challenge is a single-use
// auth challenge bound to its purpose and user. Signature counters must grow: a counter at or
// below the stored one (unless both are zero) points to a cloned authenticator and is refused.

import { Inject, Injectable, Logger } from '@nestjs/common';
import type * as WebAuthnLibrary from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import { AuthChallengesService } from '../challenges/auth-challenges.service.js';
import { PasskeysRepository, type StoredPasskey } from './passkeys.repository.js';
import { relyingParty, type RelyingParty } from './relying-party.js';

type WebAuthn = typeof WebAuthnLibrary;
let loadingWebAuthn: Promise<WebAuthn> | undefined;

/** The WebAuthn library (about 3 MiB resident) loads with the first passkey ceremony. */
function webAuthn(): Promise<WebAuthn> {
  loadingWebAuthn ??= import('@simplewebauthn/server');
  return loadingWebAuthn;
}

/** How long a ceremony may take, from options to response. */
const CEREMONY_SECONDS = 300;
const DEFAULT_NAME = 'Passkey';

export type AssertionPurpose = 'second_factor' | 'passwordless';
type CeremonyPurpose = 'register' | AssertionPurpose;

interface CeremonyPayload {
  purpose: CeremonyPurpose;
}

export interface VerifiedAssertion {
  readonly userId: string;
  readonly passkeyId: string;
}

const invalidChallenge = (): AppException =>
  new AppException(ErrorCode.Unauthorized, 'The passkey challenge is not valid or has expired; ask for new options.');
const assertionRefused = (): AppException =>
  new AppException(ErrorCode.Unauthorized, 'The passkey could not be verified.');

@Injectable()
export class PasskeysService {
  private readonly logger = new Logger(PasskeysService.name);
  private readonly rp: RelyingParty;

  constructor(
    private readonly passkeys: PasskeysRepository,
    private readonly challenges: AuthChallengesService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rp = relyingParty(config.publicUrl);
  }

  list(userId: string): Promise<StoredPasskey[]> {
    return this.passkeys.listForUser(userId);
  }

  async registrationOptions(user: { id: string; email: string }): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await this.passkeys.listForUser(user.id);
    const challenge = await this.startCeremony('register', user.id);
    const { generateRegistrationOptions } = await webAuthn();
    return generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: user.email,
      userDisplayName: user.email,
      // The user handle a discoverable credential returns at passwordless sign-in.
      userID: new TextEncoder().encode(user.id),
      challenge: challengeBytes(challenge),
      timeout: CEREMONY_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
    });
  }

  /** Verifies a registration response for the user and stores the passkey. */
  async register(userId: string, response: RegistrationResponseJSON, name?: string): Promise<StoredPasskey> {
    const challenge = clientChallenge(response.response.clientDataJSON);
    await this.takeCeremony(challenge, 'register', userId);
    const { verifyRegistrationResponse } = await webAuthn();
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: false,
      });
    } catch (error) {
      throw badRegistration(error instanceof Error ? error.message : String(error));
    }
    if (!verification.verified) throw badRegistration('the attestation did not verify');
    const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
    const stored = await this.passkeys.insert({
      id: credential.id,
      userId,
      name: name?.trim() || DEFAULT_NAME,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? response.response.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
    });
    if (!stored) throw new AppException(ErrorCode.Conflict, 'This passkey is already registered.');
    const passkey = await this.passkeys.find(credential.id);
    if (!passkey) throw new Error(`Passkey ${credential.id} vanished after its insert`);
    return passkey;
  }

  /**
   * Options for an assertion. As a second factor they list the user's passkeys; passwordless they
   * list none (the authenticator offers its discoverable ones) and require user verification.
   */
  async assertionOptions(
    purpose: AssertionPurpose,
    userId?: string,
  ): Promise<{ challenge: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    const allowed = userId === undefined ? [] : await this.passkeys.listForUser(userId);
    const challenge = await this.startCeremony(purpose, userId);
    const { generateAuthenticationOptions } = await webAuthn();
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      challenge: challengeBytes(challenge),
      timeout: CEREMONY_SECONDS * 1000,
      allowCredentials: allowed.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
      userVerification: purpose === 'passwordless' ? 'required' : 'preferred',
    });
    return { challenge, options };
  }

  /**
   * Checks an assertion against the ceremony it answers (`challenge`, or the one the client data
   * names) and the stored passkey, and records its counter. 401 for anything that does not
   * verify; 403 for a counter that did not grow.
   */
  async verifyAssertion(
    response: AuthenticationResponseJSON,
    expected: { purpose: AssertionPurpose; userId?: string; challenge?: string },
  ): Promise<VerifiedAssertion> {
    const challenge = expected.challenge ?? clientChallenge(response.response.clientDataJSON);
    await this.takeCeremony(challenge, expected.purpose, expected.userId);
    const passkey = await this.passkeys.find(response.id);
    if (!passkey || (expected.userId !== undefined && passkey.userId !== expected.userId)) throw assertionRefused();
    if (expected.purpose === 'passwordless' && userHandleOf(response) !== passkey.userId) throw assertionRefused();
    const newCounter = await this.verifySignature(response, challenge, passkey, expected.purpose === 'passwordless');
    const counterGrew = newCounter > passkey.counter || (newCounter === 0 && passkey.counter === 0);
    // The conditional UPDATE also loses to a concurrent assertion that carried the same counter.
    if (!counterGrew || !(await this.passkeys.recordUse(passkey.id, newCounter))) {
      this.logger.warn(
        `Passkey ${passkey.id} of user ${passkey.userId} signed with counter ${newCounter}, not above the stored ${passkey.counter}: possibly a cloned authenticator; refused`,
      );
      throw new AppException(
        ErrorCode.Forbidden,
        'This passkey reported a signature counter that did not increase, a sign of a cloned authenticator; it was refused.',
      );
    }
    return { userId: passkey.userId, passkeyId: passkey.id };
  }

  /** The counter the authenticator reported, once the signature checked out. */
  private async verifySignature(
    response: AuthenticationResponseJSON,
    challenge: string,
    passkey: StoredPasskey,
    requireUserVerification: boolean,
  ): Promise<number> {
    try {
      const { verifyAuthenticationResponse } = await webAuthn();
      const verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        // Counter 0 turns off the library's own counter check: ours (above) logs and answers 403.
        credential: { id: passkey.id, publicKey: passkey.publicKey, counter: 0, transports: passkey.transports },
        requireUserVerification,
      });
      if (!verification.verified) throw assertionRefused();
      return verification.authenticationInfo.newCounter;
    } catch (error) {
      if (error instanceof AppException) throw error;
      throw assertionRefused();
    }
  }

  async remove(userId: string, passkeyId: string): Promise<boolean> {
    return this.passkeys.delete(userId, passkeyId);
  }

  async find(userId: string, passkeyId: string): Promise<StoredPasskey | undefined> {
    const passkey = await this.passkeys.find(passkeyId);
    return passkey?.userId === userId ? passkey : undefined;
  }

  private startCeremony(purpose: CeremonyPurpose, userId?: string): Promise<string> {
    const payload: CeremonyPayload = { purpose };
    return this.challenges.issue('webauthn', CEREMONY_SECONDS, payload, userId);
  }

  private async takeCeremony(challenge: string, purpose: CeremonyPurpose, userId?: string): Promise<void> {
    const issued = await this.challenges.take<CeremonyPayload>('webauthn', challenge);
    if (!issued || issued.payload.purpose !== purpose || (userId !== undefined && issued.userId !== userId)) {
      throw invalidChallenge();
    }
  }
}

/** The challenge token is random base64url, so its bytes round-trip to the same string in the options. */
function challengeBytes(challenge: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(challenge, 'base64url'));
}

/** The challenge the authenticator signed, read from the client data (verified again by the library). */
function clientChallenge(clientDataJSON: string): string {
  try {
    const data: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (data as { challenge?: unknown } | null)?.challenge;
    if (typeof challenge === 'string' && challenge !== '') return challenge;
  } catch {
    // Falls through to the refusal below.
  }
  throw invalidChallenge();
}

function userHandleOf(response: AuthenticationResponseJSON): string | undefined {
  const handle = response.response.userHandle;
  return handle ? Buffer.from(handle, 'base64url').toString('utf8') : undefined;
}

function badRegistration(reason: string): AppException {
  // The reason may be a library's sentence already: one full stop, ours.
  const why = reason.replace(/\.$/, '');
  return new AppException(ErrorCode.ValidationFailed, `The passkey registration could not be verified: ${why}.`, {
    errors: [
      { field: 'response', code: 'invalid', message: fieldSentence('response', `could not be verified: ${why}`) },
    ],
  });
}
