// Path ids: a malformed id is a 400 problem naming `id` (never a database error), and ids are
// lower-cased so one id has one spelling.

import { type ArgumentMetadata, Injectable, ParseUUIDPipe } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';

@Injectable()
export class ParseIdPipe extends ParseUUIDPipe {
  constructor() {
    super({
      exceptionFactory: () =>
        new AppException(ErrorCode.ValidationFailed, 'The id in the path is not a UUID.', {
          errors: [{ field: 'id', code: 'isUuid', message: 'The id must be a UUID.' }],
        }),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<string> {
    const id = await super.transform(value, metadata);
    return (id ?? '').toLowerCase();
  }
}
