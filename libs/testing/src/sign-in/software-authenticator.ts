// A software passkey (ES256, attestation "none") that answers WebAuthn options the way a browser
// and platform authenticator would, so passkey and MFA flows can be tested without a browser.

import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { encodeCbor, type CborValue } from './cbor.js';

export interface SoftwareCredential {
  /** base64url credential id, as the server stores it. */
  readonly id: string;
  readonly rpId: string;
  /** base64url user handle (`options.user.id`), returned with each assertion. */
  readonly userHandle: string;
  readonly privateKey: KeyObject;
  counter: number;
}

export interface SoftwareAuthenticator {
  register(options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON;
  /** Uses `credentialId`, else the first known one in `allowCredentials`, else any for this RP. */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    choice?: { credentialId?: string },
  ): AuthenticationResponseJSON;
  /**
   * Sets the stored signature counter; the next assertion reports `n + 1`. Setting it below what
   * the server has seen imitates a cloned authenticator.
   */
  setCounter(credentialId: string, n: number): void;
  readonly credentials: readonly SoftwareCredential[];
}

const ES256 = -7;
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;
/** A software authenticator has no certified model: the all-zero AAGUID, as with attestation "none". */
const AAGUID = Buffer.alloc(16);

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), counterBytes, ...(attested ? [attested] : [])]);
}

/** COSE_Key for an EC2 P-256 public key, keys in CTAP2 canonical order (1, 3, -1, -2, -3). */
function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return encodeCbor(
    new Map<number, CborValue>([
      [1, 2],
      [3, ES256],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
      [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]),
  );
}

export function createSoftwareAuthenticator(config: { origin: string; rpId: string }): SoftwareAuthenticator {
  const credentials: SoftwareCredential[] = [];
  const known = (id: string): SoftwareCredential => {
    const credential = credentials.find((candidate) => candidate.id === id);
    if (!credential) throw new Error(`the software authenticator has no credential ${id}`);
    return credential;
  };
  const checkRpId = (rpId: string | undefined): void => {
    if (rpId !== undefined && rpId !== config.rpId) throw new Error(`RP ID ${rpId} is not ${config.rpId}`);
  };

  const register = (options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON => {
    checkRpId(options.rp.id);
    if (!options.pubKeyCredParams.some((param) => param.alg === ES256)) throw new Error('the RP does not accept ES256');
    const excluded = options.excludeCredentials?.find((descriptor) => credentials.some((c) => c.id === descriptor.id));
    if (excluded) throw new Error(`InvalidStateError: credential ${excluded.id} is already registered`);

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rawId = randomBytes(16 + Math.floor(Math.random() * 17));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const attested = Buffer.concat([AAGUID, idLength, rawId, coseKey(publicKey)]);
    const flags = FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_CREDENTIAL;
    const authData = authenticatorData(config.rpId, flags, 0, attested);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const id = rawId.toString('base64url');
    credentials.push({ id, rpId: config.rpId, userHandle: options.user.id, privateKey, counter: 0 });

    return {
      id,
      rawId: id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: options.extensions?.credProps ? { credProps: { rk: true } } : {},
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, config.origin).toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        transports: ['internal'],
        publicKeyAlgorithm: ES256,
        publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
      },
    };
  };

  const authenticate = (
    options: PublicKeyCredentialRequestOptionsJSON,
    choice: { credentialId?: string } = {},
  ): AuthenticationResponseJSON => {
    checkRpId(options.rpId);
    const allowed = options.allowCredentials ?? [];
    const credential =
      choice.credentialId !== undefined
        ? known(choice.credentialId)
        : allowed.length > 0
          ? credentials.find((candidate) => allowed.some((descriptor) => descriptor.id === candidate.id))
          : credentials.find((candidate) => candidate.rpId === config.rpId);
    if (!credential) throw new Error('NotAllowedError: no matching credential on the software authenticator');

    credential.counter += 1;
    const authData = authenticatorData(config.rpId, FLAG_USER_PRESENT | FLAG_USER_VERIFIED, credential.counter);
    const clientDataJSON = clientData('webauthn.get', options.challenge, config.origin);
    // Node signs ECDSA in DER by default, which is the encoding WebAuthn assertions carry.
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);

    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: credential.userHandle,
      },
    };
  };

  return {
    register,
    authenticate,
    setCounter: (credentialId, n) => {
      known(credentialId).counter = n;
    },
    get credentials() {
      return credentials;
    },
  };
}
