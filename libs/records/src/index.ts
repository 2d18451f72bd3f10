// Records: the generated CRUD over every collection, with access rules, validation,
// expansion and keyset pagination, built once per schema version.
export { RecordsModule } from './records.module.js';
export { RecordsService, type ListResult, type ReadOptions } from './records.service.js';
export { type BeforeWrite, type BeforeWriteHooks, type WriteAction } from './before-write-hooks.js';
export { type RecordData } from './record-row.js';
export { CachedReads, recordEtag, wantsFreshAnswer, type ReadAnswer } from './response-cache/cached-reads.js';
export { ResponseCache, type CacheStatus } from './response-cache/response-cache.service.js';
export { type RawListQuery, MAX_LIMIT, DEFAULT_LIMIT, MAX_LIST_PARAM_LENGTH } from './list-params.js';
export { compiledSchemaFor, selectListFor, type CompiledSchema } from './compile-schema.js';
export { SecretBox, openSecretBox } from '@stagecraft/database';
// For imports and exports (libs/transfer): the same validation, values, errors and queries as the records API.
export { type CompiledCollection, type CompiledField } from './compiled-collection.js';
export { assertValidBody, writableValues, type WritableValues } from './record-body.js';
export { isSchemaRace, translateDatabaseError } from './database-errors.js';
export { parseListParams, type CollectionLookup, type ListParams, type SortKey } from './list-params.js';
export { filterCondition, isAdmin, refuse, ruleCondition, type RequestScope } from './access.js';
export { checkExpandPaths, expandRecords } from './expand.js';
export { afterCursor, decodeCursor, encodeCursor, invalidCursor, withTieBreaker } from './keyset.js';
export { cursorKeyColumns, orderBy, sortColumns, type SortColumn } from './sort-columns.js';
export { recordReader, toRecord, type RecordReader } from './record-row.js';
export { SelectionCache } from './selection-cache.js';
