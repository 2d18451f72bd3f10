// Cross-cutting pieces every app uses: error codes and problem documents, logging, request ids.
export { ErrorCode, errorStatus, codeForStatus } from './errors/error-code.js';
export { AppException, type FieldError, type AppExceptionOptions } from './errors/app-exception.js';
export { buildProblem, problemType, PROBLEM_CONTENT_TYPE, type ProblemDocument } from './errors/problem.js';
export { ProblemExceptionFilter, replyWithProblem, translateError } from './errors/problem-exception.filter.js';
export {
  databaseUnavailable,
  describeCause,
  isDatabaseConnectionFailure,
  DATABASE_RETRY_AFTER_SECONDS,
  type ChangeOutcome,
} from './errors/database-unavailable.js';
export { createValidationPipe, flattenValidationErrors } from './errors/validation-pipe.js';
export {
  bodyTooDeep,
  jsonTextExceedsDepth,
  jsonValueExceedsDepth,
  JsonTooDeepError,
  parseJsonWithinDepth,
} from './json/json-depth.js';
export { createLogger, PinoNestLogger, resolveLogFormat, type LogFormat } from './logging/logger.js';
export { requestIdFor, REQUEST_ID_HEADER } from './logging/request-id.js';
export { within } from './async/within.js';
export { asSentence, fieldLabel, fieldSentence, listOf, plural } from './errors/field-messages.js';
export { uuidV7 } from './ids/uuid-v7.js';
