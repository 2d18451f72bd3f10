// The stable error codes clients can rely on, and the HTTP status each one maps to.
// Libraries throw AppException with one of these; only the HTTP edge turns it into a response.

export enum ErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  BodyTooDeep = 'BODY_TOO_DEEP',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UriTooLong = 'URI_TOO_LONG',
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  RequestTimeout = 'REQUEST_TIMEOUT',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  /** The caller's role must use a second factor and has none yet: only enrolment routes are open. */
  MfaEnrollmentRequired = 'MFA_ENROLLMENT_REQUIRED',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  Conflict = 'CONFLICT',
  UniqueViolation = 'UNIQUE_VIOLATION',
  PreconditionFailed = 'PRECONDITION_FAILED',
  RangeNotSatisfiable = 'RANGE_NOT_SATISFIABLE',
  UnprocessableEntity = 'UNPROCESSABLE_ENTITY',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  /** A function threw, went over its memory or its sandbox stopped: its code failed, not ours. */
  FunctionFailed = 'FUNCTION_FAILED',
  FunctionTimeout = 'FUNCTION_TIMEOUT',
  /** A function refused the request or write with `ctx.reject`; its status is the function's (4xx). */
  FunctionRejected = 'FUNCTION_REJECTED',
  Internal = 'INTERNAL_ERROR',
}

export const errorStatus: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.MalformedJson]: 400,
  [ErrorCode.BodyTooDeep]: 400,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UriTooLong]: 414,
  [ErrorCode.HeadersTooLarge]: 431,
  [ErrorCode.RequestTimeout]: 408,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.MfaEnrollmentRequired]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.RouteNotFound]: 404,
  [ErrorCode.MethodNotAllowed]: 405,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.UniqueViolation]: 409,
  [ErrorCode.PreconditionFailed]: 412,
  [ErrorCode.RangeNotSatisfiable]: 416,
  [ErrorCode.UnprocessableEntity]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.DatabaseUnavailable]: 503,
  [ErrorCode.FunctionFailed]: 502,
  [ErrorCode.FunctionTimeout]: 504,
  [ErrorCode.FunctionRejected]: 400,
  [ErrorCode.Internal]: 500,
};

/** The code a bare HTTP status stands for, when something other than AppException raised it. */
export function codeForStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: ErrorCode.BadRequest,
    401: ErrorCode.Unauthorized,
    403: ErrorCode.Forbidden,
    404: ErrorCode.NotFound,
    405: ErrorCode.MethodNotAllowed,
    408: ErrorCode.RequestTimeout,
    409: ErrorCode.Conflict,
    412: ErrorCode.PreconditionFailed,
    413: ErrorCode.PayloadTooLarge,
    414: ErrorCode.UriTooLong,
    415: ErrorCode.UnsupportedMediaType,
    422: ErrorCode.UnprocessableEntity,
    429: ErrorCode.RateLimited,
    431: ErrorCode.HeadersTooLarge,
    503: ErrorCode.ServiceUnavailable,
  };
  return byStatus[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
}
