// Passkey ids in the path: base64url credential ids of bounded length; anything else is a 400
// problem naming `id`, before a lookup.

import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';
import { CREDENTIAL_ID_MAX_LENGTH } from './mfa.dto.js';

const CREDENTIAL_ID = new RegExp(`^[A-Za-z0-9_-]{1,${CREDENTIAL_ID_MAX_LENGTH}}$`);

@Injectable()
export class PasskeyIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && CREDENTIAL_ID.test(value)) return value;
    throw new AppException(ErrorCode.ValidationFailed, 'The passkey id in the path is not a base64url credential id.', {
      errors: [{ field: 'id', code: 'invalid', message: 'The id must be a base64url credential id.' }],
    });
  }
}
