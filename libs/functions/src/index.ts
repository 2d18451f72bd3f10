// Functions: admin-deployed TypeScript/JavaScript, compiled with esbuild and run in
// isolated-vm isolates inside supervised sandbox processes, with `ctx` as their only I/O.
export { FunctionsModule } from './functions.module.js';
export { FunctionsWorkerModule } from './worker/functions-worker.module.js';
export { FunctionsService, FUNCTION_NAME, type FunctionChanges, type FunctionInput } from './functions.service.js';
export {
  FunctionRunner,
  type InvocationObserver,
  type RunResult,
  type TriggerInput,
} from './function-runner.service.js';
export { FunctionSecretsService, SECRET_NAME, SECRET_VALUE_MAX, type SecretView } from './function-secrets.service.js';
export { InvocationLog, type InvocationQuery } from './invocation-log.js';
export { assertMayInvoke } from './function-rule.js';
export { outcomeProblem, rejectionProblem } from './function-problems.js';
export { MIN_MEMORY_MB, MIN_TIMEOUT_MS } from './function-settings.js';
export { checkedTriggers, TRIGGERS_PER_KIND_MAX, type TriggersInput } from './function-triggers.js';
export { FUNCTION_LANGUAGES, type FunctionLanguage } from './compile-source.js';
export { hostAllowed } from './function-fetch.js';
export {
  DEFAULT_SETTINGS,
  INVOCATION_OUTCOMES,
  RECORD_ACTIONS,
  TRIGGER_KINDS,
  type BeforeWriteTrigger,
  type EventTrigger,
  type RecordAction,
  type ScheduleTrigger,
  type FunctionSettings,
  type FunctionTriggers,
  type FunctionVersionView,
  type FunctionView,
  type InvocationView,
  type StoredOutcome,
  type TriggerKind,
} from './function.types.js';
export type { DeployedFunction } from './functions.repository.js';
export type { InvocationResult, LogEntry, Rejection } from './sandbox/protocol.js';
export {
  FunctionsDocumentService,
  FUNCTION_ACTION_TYPES,
  FUNCTION_PARTS,
  type FunctionAction,
  type FunctionActionType,
  type FunctionDocument,
  type FunctionDocumentInput,
  type FunctionPart,
} from './functions-document.js';
export {
  SchemaDocumentService,
  type FullSchemaSnapshot,
  type SchemaDocumentInput,
  type SchemaPlanOutcome,
} from './schema-document.service.js';
