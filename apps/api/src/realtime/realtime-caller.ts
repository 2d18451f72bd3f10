// Who opens a realtime connection: a single-use ticket (`?ticket=`, for browsers) or the
// request's own credentials (Authorization bearer token or API key, X-API-Key), or nobody.

import { Injectable } from '@nestjs/common';
import { CallerAuthenticator, type AuthenticatedCaller } from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import { RealtimeTickets } from '@stagecraft/realtime';
import type { IncomingHttpHeaders } from 'node:http';

@Injectable()
export class RealtimeCaller {
  constructor(
    private readonly authenticator: CallerAuthenticator,
    private readonly tickets: RealtimeTickets,
  ) {}

  async identify(headers: IncomingHttpHeaders, ticket: unknown): Promise<AuthenticatedCaller | undefined> {
    if (ticket !== undefined) {
      if (typeof ticket !== 'string') throw new AppException(ErrorCode.BadRequest, 'Send one ticket.');
      return this.tickets.redeem(ticket);
    }
    const apiKey = headers['x-api-key'];
    return this.authenticator.fromCredentials({
      authorization: headers.authorization,
      apiKey: typeof apiKey === 'string' ? apiKey : undefined,
    });
  }
}

/** `Last-Event-ID` or `resume_from`: a feed position, or a 400. */
export function parsePosition(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  throw new AppException(
    ErrorCode.ValidationFailed,
    'The resume position must be the id of an event received before.',
    {
      errors: [
        { field: 'resume_from', code: 'format', message: 'The resume position must be a non-negative integer.' },
      ],
    },
  );
}
