// Public surface of @stagecraft/query: the filter and rule expression language, from source
// text to a parameterised SQL fragment, plus the metadata shapes the compiler reads.

export type {
  BooleanLiteral,
  ComparisonExpression,
  Expression,
  FieldReference,
  ListLiteral,
  LogicalExpression,
  MacroReference,
  NotExpression,
  NullLiteral,
  NumberLiteral,
  Operand,
  ScalarLiteral,
  StringLiteral,
} from './ast.js';
export { referencesFields } from './ast.js';
export { fieldMentions, renameFields, requestMacros, type FieldMention } from './field-mentions.js';
export { formatExpression } from './format.js';
export type { CompileContext, RequestFacts } from './compile-context.js';
export { compileExpression, compileFilter } from './compiler.js';
export { EXPRESSION_ERROR_CODES, ExpressionError, type ExpressionErrorCode } from './expression-error.js';
export { tokenize, type Token } from './lexer.js';
export { DEFAULT_LIMITS, resolveLimits, type ExpressionLimits } from './limits.js';
export { parseExpression } from './parser.js';
export {
  DATA_SCHEMA,
  OPERATORS,
  type Operator,
  type QueryCollection,
  type QueryField,
  type QueryRelation,
  type QuerySchema,
  type StorageKind,
} from './query-schema.js';
export { dataTable, quoteIdent } from './quote-ident.js';
export { compilableOperators } from './storage-rules.js';
