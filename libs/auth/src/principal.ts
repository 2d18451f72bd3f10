// Who is calling: a signed-in user (through an access token) or a server-side client
// (through an API key). Guards and services read it; nothing else about the caller is trusted.

export type Role = 'admin' | 'user';
export const ROLES: readonly Role[] = ['admin', 'user'];

export interface Principal {
  readonly kind: 'user' | 'api_key';
  /** The user's id, or the API key's id. */
  readonly id: string;
  readonly role: Role;
  /** The session an access token belongs to. */
  readonly sessionId?: string;
  /** Users: the session's assurance level as the access token states it (2: a second factor was used). */
  readonly aal?: AssuranceLevel;
  /** Users whose role must use MFA and who have no factor yet: only the enrolment routes are open. */
  readonly mfaEnrolmentRequired?: boolean;
}

/** 1: one factor (a password, a provider); 2: a second factor too, or a passkey with user verification. */
export type AssuranceLevel = 1 | 2;
