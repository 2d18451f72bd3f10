// Who this instance is to WebAuthn: the relying-party id is PUBLIC_URL's host name and the only
// origin accepted is PUBLIC_URL's origin, so a passkey registered here cannot sign for another site.

export interface RelyingParty {
  readonly id: string;
  readonly origin: string;
  readonly name: string;
}

export const RELYING_PARTY_NAME = 'Stagecraft';

export function relyingParty(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name: RELYING_PARTY_NAME };
}
