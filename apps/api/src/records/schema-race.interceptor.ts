// A records request whose query met a column or table that a schema change renamed or dropped
// while it ran (its snapshot was read just before the commit) runs once more on the new schema,
// so readers see the change as one step, never a 500.

import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { SchemaCacheService } from '@stagecraft/collections';
import { isSchemaRace } from '@stagecraft/records';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';

@Injectable()
export class SchemaRaceRetry implements NestInterceptor {
  constructor(private readonly cache: SchemaCacheService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // The handler reads this snapshot or a newer one; a change after it explains the failure.
    const held = this.cache.heldVersion();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!isSchemaRace(error)) return throwError(() => error);
        return from(this.cache.changedSince(held)).pipe(
          mergeMap((changed) => (changed ? next.handle() : throwError(() => error))),
        );
      }),
    );
  }
}
