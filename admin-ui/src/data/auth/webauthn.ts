// The browser side of passkeys, through @simplewebauthn/browser. The generated API types spell
// WebAuthn's enums as plain strings (transports, user verification), so the options are handed
// over as the library's JSON types here, in one place; the server built them with the same library.
import {
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { components } from '../../api/schema';

type RequestOptions = components['schemas']['RequestOptionsDto'];
type CreationOptions = components['schemas']['CreationOptionsDto'];
export type AuthenticationResponse = components['schemas']['AuthenticationResponseDto'];
export type RegistrationResponse = components['schemas']['RegistrationResponseDto'];

/** Asks the browser for a passkey assertion (navigator.credentials.get). */
export async function assertPasskey(options: RequestOptions): Promise<AuthenticationResponse> {
  const response: AuthenticationResponseJSON = await startAuthentication({
    optionsJSON: options as PublicKeyCredentialRequestOptionsJSON,
  });
  return response as AuthenticationResponse;
}

/** Asks the browser to create a passkey (navigator.credentials.create). */
export async function createPasskey(options: CreationOptions): Promise<RegistrationResponse> {
  const response: RegistrationResponseJSON = await startRegistration({
    optionsJSON: options as PublicKeyCredentialCreationOptionsJSON,
  });
  return response as RegistrationResponse;
}
