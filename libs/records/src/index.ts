// Records: the generated CRUD over every collection, with access rules, validation,
// expansion and keyset pagination, built once per schema version.
export { RecordsModule } from './records.module.js';
export { RecordsService, type ListResult, type ReadOptions } from './records.service.js';
export { type RecordData } from './record-row.js';
export { type RawListQuery, MAX_LIMIT, DEFAULT_LIMIT } from './list-params.js';
export { compiledSchemaFor, type CompiledSchema } from './compile-schema.js';
export { SecretBox } from './secret-box.js';
