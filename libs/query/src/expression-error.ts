// The only error this library throws for a bad expression: a stable code, the 0-based offset
// of the offending text when there is one, and a message written for the person who typed it.

export const EXPRESSION_ERROR_CODES = [
  'SYNTAX',
  'UNKNOWN_FIELD',
  'UNKNOWN_MACRO',
  'NOT_A_RELATION',
  'NOT_FILTERABLE',
  'OPERATOR_NOT_ALLOWED',
  'TYPE_MISMATCH',
  'TOO_LONG',
  'TOO_DEEP',
  'TOO_MANY_TERMS',
  'TOO_MANY_ITEMS',
] as const;

export type ExpressionErrorCode = (typeof EXPRESSION_ERROR_CODES)[number];

export class ExpressionError extends Error {
  constructor(
    readonly code: ExpressionErrorCode,
    message: string,
    /** 0-based character offset into the source, when the error points at a place. */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}
