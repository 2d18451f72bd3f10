// Request and response shapes of the MFA routes (/auth/mfa*, /auth/passkeys*, /users/{id}/mfa).
// WebAuthn objects keep the standard JSON names of the WebAuthn spec (camelCase), as browsers'
// PublicKeyCredential.toJSON() and client libraries produce them; everything else is snake_case.

import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COUNT, NULLABLE_TIMESTAMP, TIMESTAMP } from '../common/api-schemas.js';
import { Optional } from '../common/optional.js';
import { MFA_TICKET_MAX_LENGTH, SignedInDto } from './auth.dto.js';

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64URL_PATTERN = '^[A-Za-z0-9_-]*$';
/** A credential id is at most 1023 bytes (WebAuthn), 1364 base64url characters. */
export const CREDENTIAL_ID_MAX_LENGTH = 1400;
const CODE_MAX_LENGTH = 64;
const PASSKEY_NAME_MAX_LENGTH = 64;
const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

/** A base64url string of WebAuthn bytes: documented, checked, bounded. */
function base64url(maxLength: number, description: string, required = true): PropertyDecorator {
  const doc = { type: 'string', pattern: BASE64URL_PATTERN, maxLength, description } as const;
  return applyDecorators(
    ...(required ? [ApiProperty(doc)] : [ApiPropertyOptional(doc), Optional()]),
    IsString(),
    MaxLength(maxLength),
    Matches(BASE64URL, { message: '$property must be base64url' }),
  );
}

const CREDENTIAL_TYPE = { enum: ['public-key'] } as const;
const ATTACHMENT = { enum: ['platform', 'cross-platform'] } as const;
const EXTENSION_RESULTS = {
  type: 'object',
  additionalProperties: true,
  description: 'getClientExtensionResults() of the credential; not used by this server',
} as const;

// ---- WebAuthn responses (requests) -----------------------------------------------------------

export class AuthenticatorAssertionDto {
  @base64url(8192, 'The client data the authenticator signed')
  clientDataJSON!: string;

  @base64url(8192, 'The authenticator data: RP id hash, flags and signature counter')
  authenticatorData!: string;

  @base64url(2048, 'The assertion signature')
  signature!: string;

  @base64url(128, 'The user handle of a discoverable credential (the user id); needed for passwordless sign-in', false)
  userHandle?: string;
}

export class AuthenticationResponseDto {
  @base64url(CREDENTIAL_ID_MAX_LENGTH, 'The credential id')
  id!: string;

  @base64url(CREDENTIAL_ID_MAX_LENGTH, 'The credential id (the same bytes as id)')
  rawId!: string;

  @ApiProperty(CREDENTIAL_TYPE)
  @IsIn(CREDENTIAL_TYPE.enum)
  type!: 'public-key';

  @ApiProperty({ type: AuthenticatorAssertionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticatorAssertionDto)
  response!: AuthenticatorAssertionDto;

  @ApiPropertyOptional(ATTACHMENT)
  @Optional()
  @IsIn(ATTACHMENT.enum)
  authenticatorAttachment?: 'platform' | 'cross-platform';

  @ApiProperty(EXTENSION_RESULTS)
  @IsObject()
  clientExtensionResults!: Record<string, unknown>;
}

export class AuthenticatorAttestationDto {
  @base64url(8192, 'The client data the authenticator signed')
  clientDataJSON!: string;

  @base64url(65536, 'The attestation object (CBOR): authenticator data with the new public key')
  attestationObject!: string;

  @base64url(16384, 'The authenticator data, as getAuthenticatorData() gives it', false)
  authenticatorData?: string;

  @ApiPropertyOptional({
    type: 'string',
    isArray: true,
    maxItems: 16,
    maxLength: 32,
    description: `How the authenticator is reached: ${TRANSPORTS.join(', ')} (others are kept as sent)`,
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  transports?: string[];

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: -65536, maximum: 65536 })
  @Optional()
  @IsInt()
  publicKeyAlgorithm?: number;

  @base64url(4096, 'The public key (SubjectPublicKeyInfo), as getPublicKey() gives it', false)
  publicKey?: string;
}

export class RegistrationResponseDto {
  @base64url(CREDENTIAL_ID_MAX_LENGTH, 'The new credential id')
  id!: string;

  @base64url(CREDENTIAL_ID_MAX_LENGTH, 'The new credential id (the same bytes as id)')
  rawId!: string;

  @ApiProperty(CREDENTIAL_TYPE)
  @IsIn(CREDENTIAL_TYPE.enum)
  type!: 'public-key';

  @ApiProperty({ type: AuthenticatorAttestationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticatorAttestationDto)
  response!: AuthenticatorAttestationDto;

  @ApiPropertyOptional(ATTACHMENT)
  @Optional()
  @IsIn(ATTACHMENT.enum)
  authenticatorAttachment?: 'platform' | 'cross-platform';

  @ApiProperty(EXTENSION_RESULTS)
  @IsObject()
  clientExtensionResults!: Record<string, unknown>;
}

// ---- Requests --------------------------------------------------------------------------------

const TICKET_DOC = {
  description: 'The ticket from the `mfa_required` answer of a sign-in',
  minLength: 1,
  maxLength: MFA_TICKET_MAX_LENGTH,
  writeOnly: true,
} as const;

export class MfaTicketDto {
  @ApiProperty(TICKET_DOC)
  @IsString()
  @MinLength(1)
  @MaxLength(MFA_TICKET_MAX_LENGTH)
  mfa_ticket!: string;
}

export class MfaVerifyDto extends MfaTicketDto {
  @ApiPropertyOptional({
    description: 'A current 6-digit code of the authenticator app',
    maxLength: CODE_MAX_LENGTH,
    example: '123456',
    writeOnly: true,
  })
  @Optional()
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  totp_code?: string;

  @ApiPropertyOptional({
    description: 'One of the recovery codes (each works once); case, spaces and dashes do not matter',
    maxLength: CODE_MAX_LENGTH,
    writeOnly: true,
  })
  @Optional()
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  recovery_code?: string;

  @ApiPropertyOptional({
    type: AuthenticationResponseDto,
    description: 'The passkey assertion for the options of POST /auth/mfa/webauthn/options',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationResponseDto)
  webauthn?: AuthenticationResponseDto;
}

export class TotpCodeDto {
  @ApiProperty({
    description: 'A current 6-digit code of the authenticator app',
    maxLength: CODE_MAX_LENGTH,
    example: '123456',
    writeOnly: true,
  })
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  code!: string;
}

/** A fresh second factor for a change that weakens MFA: one of the two. */
export class SecondFactorProofDto {
  @ApiPropertyOptional({
    description: 'A current 6-digit code of the authenticator app',
    maxLength: CODE_MAX_LENGTH,
    example: '123456',
    writeOnly: true,
  })
  @Optional()
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  code?: string;

  @ApiPropertyOptional({
    description: 'One of the recovery codes (used up by this request)',
    maxLength: CODE_MAX_LENGTH,
    writeOnly: true,
  })
  @Optional()
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  recovery_code?: string;
}

export class AddPasskeyDto {
  @ApiPropertyOptional({
    description: 'A name to tell the passkey apart later; "Passkey" when absent',
    maxLength: PASSKEY_NAME_MAX_LENGTH,
    example: 'Work laptop',
  })
  @Optional()
  @IsString()
  @MaxLength(PASSKEY_NAME_MAX_LENGTH)
  name?: string;

  @ApiProperty({
    type: RegistrationResponseDto,
    description: 'navigator.credentials.create() for the options of POST /auth/mfa/passkeys/options, as JSON',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationResponseDto)
  response!: RegistrationResponseDto;
}

export class PasskeyLoginDto {
  @ApiProperty({
    description: 'The challenge_id of POST /auth/passkeys/options',
    minLength: 1,
    maxLength: MFA_TICKET_MAX_LENGTH,
    writeOnly: true,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(MFA_TICKET_MAX_LENGTH)
  challenge_id!: string;

  @ApiProperty({
    type: AuthenticationResponseDto,
    description: 'navigator.credentials.get() for those options, as JSON',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationResponseDto)
  response!: AuthenticationResponseDto;
}

// ---- WebAuthn options (responses) ------------------------------------------------------------

export class CredentialDescriptorDto {
  @ApiProperty({ type: 'string', pattern: BASE64URL_PATTERN, maxLength: CREDENTIAL_ID_MAX_LENGTH })
  id!: string;
  @ApiProperty(CREDENTIAL_TYPE) type!: string;
  @ApiPropertyOptional({ enum: TRANSPORTS, isArray: true, maxItems: TRANSPORTS.length }) transports?: string[];
}

export class RelyingPartyDto {
  @ApiProperty({ description: 'The host name of PUBLIC_URL', maxLength: 253 }) id!: string;
  @ApiProperty({ maxLength: 64, example: 'Stagecraft' }) name!: string;
}

export class WebAuthnUserDto {
  @ApiProperty({
    type: 'string',
    pattern: BASE64URL_PATTERN,
    maxLength: 128,
    description: 'The user handle: the user id (UTF-8), base64url',
  })
  id!: string;
  @ApiProperty({ description: 'The email', maxLength: 254 }) name!: string;
  @ApiProperty({ description: 'The email', maxLength: 254 }) displayName!: string;
}

export class CredentialParameterDto {
  @ApiProperty(CREDENTIAL_TYPE) type!: string;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: -65536, maximum: 65536, description: 'COSE algorithm' })
  alg!: number;
}

export class AuthenticatorSelectionDto {
  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] }) residentKey?: string;
  @ApiPropertyOptional() requireResidentKey?: boolean;
  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] }) userVerification?: string;
  @ApiPropertyOptional(ATTACHMENT) authenticatorAttachment?: string;
}

const TIMEOUT_MS = { type: 'integer', format: 'int32', minimum: 0, maximum: 600_000 } as const;
const CHALLENGE = {
  type: 'string',
  pattern: BASE64URL_PATTERN,
  maxLength: MFA_TICKET_MAX_LENGTH,
  description: 'Single use; expires with the timeout',
} as const;
const EXTENSIONS = { type: 'object', additionalProperties: true, description: 'Extension inputs' } as const;

/** PublicKeyCredentialCreationOptionsJSON: pass to navigator.credentials.create() (after parsing). */
export class CreationOptionsDto {
  @ApiProperty({ type: RelyingPartyDto }) rp!: RelyingPartyDto;
  @ApiProperty({ type: WebAuthnUserDto }) user!: WebAuthnUserDto;
  @ApiProperty(CHALLENGE) challenge!: string;
  @ApiProperty({ type: [CredentialParameterDto], maxItems: 16 }) pubKeyCredParams!: CredentialParameterDto[];
  @ApiPropertyOptional({ ...TIMEOUT_MS, description: 'Milliseconds' }) timeout?: number;
  @ApiPropertyOptional({
    type: [CredentialDescriptorDto],
    maxItems: 1000,
    description: "The user's passkeys, so an authenticator does not register twice",
  })
  excludeCredentials?: CredentialDescriptorDto[];
  @ApiPropertyOptional({ type: AuthenticatorSelectionDto }) authenticatorSelection?: AuthenticatorSelectionDto;
  @ApiPropertyOptional({ enum: ['none', 'indirect', 'direct', 'enterprise'] }) attestation?: string;
  @ApiPropertyOptional({ enum: ['security-key', 'client-device', 'hybrid'], isArray: true, maxItems: 3 })
  hints?: string[];
  @ApiPropertyOptional(EXTENSIONS) extensions?: Record<string, unknown>;
}

/** PublicKeyCredentialRequestOptionsJSON: pass to navigator.credentials.get() (after parsing). */
export class RequestOptionsDto {
  @ApiProperty(CHALLENGE) challenge!: string;
  @ApiPropertyOptional({ ...TIMEOUT_MS, description: 'Milliseconds' }) timeout?: number;
  @ApiPropertyOptional({ description: 'The host name of PUBLIC_URL', maxLength: 253 }) rpId?: string;
  @ApiPropertyOptional({
    type: [CredentialDescriptorDto],
    maxItems: 1000,
    description: "The user's passkeys as a second factor; empty for passwordless sign-in (discoverable credentials)",
  })
  allowCredentials?: CredentialDescriptorDto[];
  @ApiPropertyOptional({ enum: ['discouraged', 'preferred', 'required'] }) userVerification?: string;
  @ApiPropertyOptional({ enum: ['security-key', 'client-device', 'hybrid'], isArray: true, maxItems: 3 })
  hints?: string[];
  @ApiPropertyOptional(EXTENSIONS) extensions?: Record<string, unknown>;
}

export class PasskeyLoginOptionsDto {
  @ApiProperty({
    description: 'Send it back with the response to POST /auth/passkeys/login',
    maxLength: MFA_TICKET_MAX_LENGTH,
  })
  challenge_id!: string;
  @ApiProperty({ type: RequestOptionsDto }) options!: RequestOptionsDto;
}

// ---- Other responses ------------------------------------------------------------------------

export class TotpEnrolmentDto {
  @ApiProperty({
    description: 'The secret in base32, for apps that cannot scan the QR code; shown this once',
    maxLength: 64,
  })
  secret!: string;
  @ApiProperty({ description: 'otpauth://totp/… URI (SHA1, 6 digits, 30 s)', maxLength: 1024 })
  otpauth_uri!: string;
  @ApiProperty({ description: 'The URI as a QR code: data:image/png;base64,…', maxLength: 65536 })
  qr_code!: string;
}

const RECOVERY_CODES = {
  type: 'string',
  isArray: true,
  maxItems: 10,
  maxLength: 19,
  description: 'Ten single-use recovery codes, shown this once: keep them somewhere safe',
} as const;

export class RecoveryCodesDto {
  @ApiProperty(RECOVERY_CODES) recovery_codes!: string[];
}

export class TotpConfirmedDto extends SignedInDto {
  @ApiPropertyOptional({ ...RECOVERY_CODES, description: `${RECOVERY_CODES.description} (first factor only)` })
  recovery_codes?: string[];
}

export class PasskeyDto {
  @ApiProperty({ type: 'string', pattern: BASE64URL_PATTERN, maxLength: CREDENTIAL_ID_MAX_LENGTH })
  id!: string;
  @ApiProperty({ maxLength: PASSKEY_NAME_MAX_LENGTH }) name!: string;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(NULLABLE_TIMESTAMP) last_used_at!: string | null;
}

export class PasskeyAddedDto extends TotpConfirmedDto {
  @ApiProperty({ type: PasskeyDto }) passkey!: PasskeyDto;
}

export class MfaStatusDto {
  @ApiProperty({ description: 'A second factor is on: sign-in asks for it' }) enabled!: boolean;
  @ApiProperty({ description: "The user's role is one that must use MFA (mfa_required_roles)" }) required!: boolean;
  @ApiProperty({ description: 'An authenticator app is set up (and confirmed)' }) totp!: boolean;
  @ApiProperty({ type: [PasskeyDto], maxItems: 1000 }) passkeys!: PasskeyDto[];
  @ApiProperty({ ...COUNT, description: 'Unused recovery codes' }) recovery_codes_left!: number;
}
