// Raised when the planner is handed a change that validation should have refused (a type change
// without a cast, a relation to a missing collection): planning never guesses at DDL.
export type SchemaPlanErrorCode = 'type_change_unsupported' | 'relation_target_missing' | 'name_conflict';

export class SchemaPlanError extends Error {
  constructor(
    readonly code: SchemaPlanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SchemaPlanError';
  }
}
