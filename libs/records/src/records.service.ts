// The generated CRUD over every collection: list (filter, sort, fields, expand, offset or
// cursor, counts), get, create (one or many, all or nothing), patch, put, delete and bulk
// update/delete by filter. Access rules become part of each statement's WHERE clause, so a
// record the caller may not see is simply not found.

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { actorClause, actorLabel, type Principal } from '@stagecraft/auth';
import { SchemaCacheService, type SchemaSnapshot } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { openSecretBox, PreparedStatements, runAutocommit, runTransaction, type SecretBox } from '@stagecraft/database';
import { AppException, ErrorCode, fieldSentence, uuidV7 } from '@stagecraft/core';
import { DataVersions, OutboxWakeup } from '@stagecraft/events';
import { quoteIdent, type RuleAction } from '@stagecraft/schema';
import { DataSource, type EntityManager } from 'typeorm';
import { filterCondition, isAdmin, refuse, ruleCondition, type RequestScope } from './access.js';
import { compiledSchemaFor } from './compile-schema.js';
import type { CompiledCollection } from './compiled-collection.js';
import { translateDatabaseError } from './database-errors.js';
import { expandRecords } from './expand.js';
import { fileFieldsInBody, lockCurrentFiles, resolveFileValues } from './file-values.js';
import { afterCursor, decodeCursor, encodeCursor, invalidCursor, withTieBreaker } from './keyset.js';
import { cursorKeyColumns, orderBy, sortColumns } from './sort-columns.js';
import { parseExpand, parseListParams, singleValue, type RawListQuery } from './list-params.js';
import { lockHookedCollection, type BeforeWriteHooks, type WriteAction } from './before-write-hooks.js';
import { assertValidBody, replacementDefaults, writableValues, type WritableValues } from './record-body.js';
import { toRecord, type RecordData } from './record-row.js';
import { collectionsToBump } from './response-cache/read-dependencies.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ListResult {
  data: RecordData[];
  meta: { limit: number; offset?: number; cursor?: string; nextCursor: string | null; total?: number };
}

/** A request's scope and the collection it addresses. */
export interface ScopedCollection {
  readonly scope: RequestScope;
  readonly collection: CompiledCollection;
}

export interface ReadOptions {
  fields?: string | string[];
  expand?: string | string[];
}

const table = (collection: CompiledCollection): string => `"data".${quoteIdent(collection.table)}`;

/** The record `id` if the caller's rule for `action` lets them see it. */
function visibleRowQuery(
  scope: RequestScope,
  collection: CompiledCollection,
  id: string,
  action: RuleAction,
  body?: Record<string, unknown>,
): [sql: string, params: unknown[]] {
  const params: unknown[] = [id];
  const condition = ruleCondition(scope, collection, action, params, { body });
  return [`SELECT ${collection.selectList} FROM ${table(collection)} t WHERE t.id = $1 AND (${condition})`, params];
}

/** Checks values a before-write hook returned, as the request's own body was checked. */
type Revalidate = (values: unknown) => Record<string, unknown>;

/** Bulk changes would run a hook per row inside one statement: refused on hooked collections. */
function refuseHookedBulk(collection: CompiledCollection, action: WriteAction): AppException {
  return new AppException(
    ErrorCode.ValidationFailed,
    `"${collection.name}" has before-write hooks on ${action}; ${action} its records one by one.`,
    { errors: [{ field: 'filter', code: 'hooked', message: `Bulk ${action} is off while before-write hooks run.` }] },
  );
}

/** The collection `name` of `snapshot`, and the scope a request reads it in. */
function scopeIn(snapshot: SchemaSnapshot, principal: Principal | undefined, name: string): ScopedCollection {
  const schema = compiledSchemaFor(snapshot);
  const collection = schema.collections.get(name);
  if (!collection) throw new AppException(ErrorCode.NotFound, `No collection is named "${name}".`);
  return { scope: { principal, schema, now: new Date() }, collection };
}

function notFound(collection: CompiledCollection, id: string): AppException {
  return new AppException(ErrorCode.NotFound, `No record ${id} in "${collection.name}".`);
}

@Injectable()
export class RecordsService implements OnModuleInit {
  private secrets: SecretBox | undefined;
  private hooks: BeforeWriteHooks | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly statements: PreparedStatements,
    private readonly cache: SchemaCacheService,
    private readonly outbox: OutboxWakeup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly versions: DataVersions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secrets = await openSecretBox(this.config, this.dataSource);
  }

  /** Set once by the functions module, when the app has it. */
  useBeforeWriteHooks(hooks: BeforeWriteHooks): void {
    this.hooks = hooks;
  }

  private async isHooked(collection: CompiledCollection, action: WriteAction): Promise<boolean> {
    return this.hooks !== undefined && (await this.hooks.hooked(collection.name, action));
  }

  /**
   * Runs the hooks of a create or update inside its transaction: the values to write, checked
   * again if a hook changed them. For an update, the caller's rule must let them see the record
   * first; otherwise no hook runs and the statement answers as it would without one.
   */
  private async beforeWrite(
    manager: EntityManager,
    scope: RequestScope,
    collection: CompiledCollection,
    write: { action: 'create' | 'update'; values: Record<string, unknown>; id?: string; revalidate: Revalidate },
  ): Promise<Record<string, unknown>> {
    const current = await this.lockForHooks(manager, scope, collection, write.action, write.id, write.values);
    if (!this.hooks || current === undefined) return write.values;
    const changed = await this.hooks.run({
      collection: collection.name,
      action: write.action,
      principal: scope.principal,
      values: write.values,
      current,
    });
    return changed === null || changed === write.values ? write.values : write.revalidate(changed);
  }

  /** The records to create once every hook has run on each, in order. */
  private async beforeCreates(
    manager: EntityManager,
    scope: RequestScope,
    collection: CompiledCollection,
    records: readonly Record<string, unknown>[],
    many: boolean,
  ): Promise<Record<string, unknown>[]> {
    const revalidate: Revalidate = (values) =>
      assertValidBody(values, collection.validateCreate, this.config.records.jsonMaxDepth);
    const changed: Record<string, unknown>[] = [];
    for (const [index, record] of records.entries()) {
      try {
        changed.push(
          await this.beforeWrite(manager, scope, collection, { action: 'create', values: record, revalidate }),
        );
      } catch (error) {
        throw many ? prefixErrors(error, `[${index}]`) : error;
      }
    }
    return changed;
  }

  /** Runs the hooks of a delete inside its transaction; they may only refuse it. */
  private async beforeDelete(
    manager: EntityManager,
    scope: RequestScope,
    collection: CompiledCollection,
    id: string,
  ): Promise<void> {
    const current = await this.lockForHooks(manager, scope, collection, 'delete', id);
    if (!this.hooks || !current) return;
    await this.hooks.run({
      collection: collection.name,
      action: 'delete',
      principal: scope.principal,
      values: null,
      current,
    });
  }

  /**
   * Takes the collection's hook lock and, for a record that exists, reads and locks it: null
   * for a create, undefined when the caller may not see the record (its write will say why).
   */
  private async lockForHooks(
    manager: EntityManager,
    scope: RequestScope,
    collection: CompiledCollection,
    action: WriteAction,
    id: string | undefined,
    body?: Record<string, unknown>,
  ): Promise<RecordData | null | undefined> {
    await lockHookedCollection(manager, collection.table);
    if (id === undefined) return null;
    const [sql, params] = visibleRowQuery(scope, collection, id, action, body);
    const [row] = await manager.query<Record<string, unknown>[]>(`${sql} FOR UPDATE OF t`, params);
    return row ? toRecord(row, collection) : undefined;
  }

  private get secretBox(): SecretBox {
    if (!this.secrets) throw new Error('RecordsService used before initialisation');
    return this.secrets;
  }

  /** The caller, the compiled schema and the collection for one request. */
  scope(principal: Principal | undefined, name: string): Promise<ScopedCollection> {
    // Nearly always the snapshot held is current and knows the name: no promise to wait on.
    const held = this.cache.currentIfHeld();
    if (held?.byName.has(name)) return Promise.resolve(scopeIn(held, principal, name));
    return this.scopeAfterLoad(principal, name);
  }

  private async scopeAfterLoad(principal: Principal | undefined, name: string): Promise<ScopedCollection> {
    await this.cache.find(name); // refreshes the snapshot when the name is new to this process
    return scopeIn(await this.cache.current(), principal, name);
  }

  async list(principal: Principal | undefined, name: string, query: RawListQuery): Promise<ListResult> {
    return this.listIn(await this.scope(principal, name), query);
  }

  /** A list in a scope already worked out (the response cache needs it first). */
  async listIn({ scope, collection }: ScopedCollection, query: RawListQuery): Promise<ListResult> {
    const params = parseListParams(query, collection, isAdmin(scope.principal), scope.schema.collections);
    const values: unknown[] = [];
    const conditions = [
      ruleCondition(scope, collection, 'list', values),
      filterCondition(scope, collection, params.filter, values),
    ];
    const countConditions = conditions.join(' AND ');
    const countValues = [...values];

    // One statement: a related key's view rule adds its values to the same array.
    const keys = sortColumns(scope, collection, withTieBreaker(params.sort), values);
    if (params.cursor !== undefined) conditions.push(afterCursor(keys, decodeCursor(params.cursor, keys), values));
    // The limit is written into the text (a checked integer from 1 to 500): with LIMIT as a
    // parameter PostgreSQL re-plans the prepared statement on every run, while with it fixed
    // it keeps one generic plan for the shape, about a third less work per page.
    if (!Number.isSafeInteger(params.limit)) throw new Error(`limit ${params.limit} was not checked`);
    let sql = `SELECT ${collection.selectList}, ${cursorKeyColumns(keys)} FROM ${table(collection)} t
      WHERE ${conditions.map((condition) => `(${condition})`).join(' AND ')}
      ORDER BY ${orderBy(keys)} LIMIT ${params.limit}`;
    if (params.cursor === undefined && params.offset > 0) {
      values.push(params.offset);
      sql += ` OFFSET $${values.length}`;
    }

    // A forged cursor can carry a value the key's type refuses: a 400, like any bad value.
    const [rows, total] = await Promise.all([
      this.statements.query<Record<string, unknown>>(sql, values),
      this.count(params.count, collection, countConditions, countValues),
    ]).catch((error: unknown) => {
      if (params.cursor !== undefined && /^22/.test((error as { code?: string }).code ?? '')) throw invalidCursor();
      throw translateDatabaseError(error, collection, 'no');
    });
    const data = rows.map((row) => toRecord(row, collection, params.fields));
    if (params.expand.length > 0) await expandRecords(this.dataSource, scope, collection, data, rows, params.expand);
    const last = rows.at(-1);
    const nextCursor =
      last && rows.length === params.limit ? encodeCursor(keys.map((_, index) => last[`__k${index}`])) : null;
    return {
      data,
      meta: {
        limit: params.limit,
        ...(params.cursor === undefined ? { offset: params.offset } : { cursor: params.cursor }),
        nextCursor,
        ...(total === undefined ? {} : { total }),
      },
    };
  }

  private async count(
    mode: string,
    collection: CompiledCollection,
    condition: string,
    values: unknown[],
  ): Promise<number | undefined> {
    const from = `FROM ${table(collection)} t WHERE ${condition}`;
    if (mode === 'exact') {
      const rows = await this.statements.query<{ n: string }>(`SELECT count(*) AS n ${from}`, values);
      return Number(rows[0]?.n ?? 0);
    }
    if (mode === 'estimated') {
      // The planner's row estimate: constant cost whatever the table size.
      const rows: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await this.dataSource.query(
        `EXPLAIN (FORMAT JSON) SELECT 1 ${from}`,
        values,
      );
      return rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
    }
    return undefined;
  }

  async get(
    principal: Principal | undefined,
    name: string,
    id: string,
    options: ReadOptions = {},
  ): Promise<RecordData> {
    return this.getIn(await this.scope(principal, name), id, options);
  }

  /** A record in a scope already worked out (the response cache needs it first). */
  async getIn({ scope, collection }: ScopedCollection, id: string, options: ReadOptions = {}): Promise<RecordData> {
    // Most reads name neither: nothing to parse (the list parser also works out sortable fields).
    const params =
      options.fields === undefined && options.expand === undefined
        ? { fields: undefined, expand: [] }
        : parseListParams({ fields: options.fields, expand: options.expand }, collection, isAdmin(scope.principal));
    if (!UUID.test(id)) throw notFound(collection, id);
    const [row] = await this.statements.query<Record<string, unknown>>(
      ...visibleRowQuery(scope, collection, id, 'view'),
    );
    if (!row) throw notFound(collection, id);
    const record = toRecord(row, collection, params.fields);
    if (params.expand.length > 0)
      await expandRecords(this.dataSource, scope, collection, [record], [row], params.expand);
    return record;
  }

  /** One object or an array of up to BULK_CREATE_MAX; all or nothing. */
  async create(principal: Principal | undefined, name: string, body: unknown): Promise<RecordData | RecordData[]> {
    const { scope, collection } = await this.scope(principal, name);
    const many = Array.isArray(body);
    const bodies: unknown[] = many ? body : [body];
    if (bodies.length === 0 || bodies.length > this.config.records.bulkCreateMax) {
      throw new AppException(
        ErrorCode.ValidationFailed,
        `Send between 1 and ${this.config.records.bulkCreateMax} records.`,
        {
          errors: [
            {
              field: 'body',
              code: 'size',
              message: `The body must hold between 1 and ${this.config.records.bulkCreateMax} records.`,
            },
          ],
        },
      );
    }
    const records = bodies.map((item, index) => {
      try {
        return assertValidBody(item, collection.validateCreate, this.config.records.jsonMaxDepth);
      } catch (error) {
        throw many ? prefixErrors(error, `[${index}]`) : error;
      }
    });
    // Checked before opening a transaction: callers who may never create get 401/403 at once.
    if (!isAdmin(principal) && collection.rules.create === null) throw refuse(principal, `create records in "${name}"`);

    // Hooks may change the values, so with hooks they are prepared once the hooks have run.
    const hooked = await this.isHooked(collection, 'create');
    const prepared = hooked ? undefined : await this.prepareCreates(scope, collection, records, many);
    const anyLinks = prepared?.some(({ values }) => values.links.size > 0) ?? true;
    const unconditional = isAdmin(principal) || collection.rules.create === 'anyone';
    // A rule on the caller and the body alone is checked by the INSERT itself.
    const ruleInInsert = !unconditional && collection.createRuleIgnoresRow && !anyLinks;
    // One INSERT ... RETURNING is atomic on its own; a transaction is needed only when more
    // statements belong to the same change (several records, links, a rule to check after, hooks).
    const needsTransaction = hooked || many || anyLinks || (!unconditional && !ruleInInsert);
    const created = await this.withManager(collection, needsTransaction, async (manager) => {
      const toInsert =
        prepared ??
        (await this.prepareCreates(
          scope,
          collection,
          await this.beforeCreates(manager, scope, collection, records, many),
          many,
          manager,
        ));
      const results: RecordData[] = [];
      for (const { record, values } of toInsert) {
        const id = uuidV7();
        const row = await this.insert(manager, scope, collection, id, values, ruleInInsert ? record : undefined);
        if (!row) throw refuse(principal, `create this record in "${name}" (its create rule does not allow it)`);
        if (values.links.size > 0) await this.writeLinks(manager, collection, id, values, false);
        if (values.links.size === 0 && (unconditional || ruleInInsert)) {
          results.push(toRecord(row, collection));
          continue;
        }
        // The rule may look at the stored row and its links, so it is checked after writing
        // (and RETURNING saw no links yet: the record is read again).
        const [checked] = await this.selectWithRule(manager, scope, collection, id, 'create', record);
        if (!checked) throw refuse(principal, `create this record in "${name}" (its create rule does not allow it)`);
        results.push(toRecord(checked, collection));
      }
      return results;
    });
    return many ? created : (created[0] as RecordData);
  }

  /** Column values for new records; collections without file fields (most) need no round trip. */
  private async prepareCreates(
    scope: RequestScope,
    collection: CompiledCollection,
    records: readonly Record<string, unknown>[],
    many: boolean,
    manager?: EntityManager,
  ): Promise<{ record: Record<string, unknown>; values: WritableValues }[]> {
    if (collection.fileFields.length === 0) {
      return records.map((record) => ({ record, values: writableValues(record, collection, this.secretBox) }));
    }
    return Promise.all(
      records.map(async (record, index) => {
        try {
          const files = await this.fileValues(scope, collection, record, null, manager);
          return { record, values: writableValues(record, collection, this.secretBox, files) };
        } catch (error) {
          throw many ? prefixErrors(error, `[${index}]`) : error;
        }
      }),
    );
  }

  async update(
    principal: Principal | undefined,
    name: string,
    id: string,
    body: unknown,
    ifMatch?: number,
  ): Promise<RecordData> {
    const { scope, collection } = await this.scope(principal, name);
    const revalidate: Revalidate = (values) =>
      assertValidBody(values, collection.validateUpdate, this.config.records.jsonMaxDepth);
    return this.write(scope, collection, id, revalidate(body), ifMatch, revalidate);
  }

  async replace(
    principal: Principal | undefined,
    name: string,
    id: string,
    body: unknown,
    ifMatch?: number,
  ): Promise<RecordData> {
    const { scope, collection } = await this.scope(principal, name);
    const revalidate: Revalidate = (values) =>
      replacementDefaults(
        assertValidBody(values, collection.validateCreate, this.config.records.jsonMaxDepth),
        collection,
      );
    return this.write(scope, collection, id, revalidate(body), ifMatch, revalidate);
  }

  async delete(principal: Principal | undefined, name: string, id: string, ifMatch?: number): Promise<void> {
    const { scope, collection } = await this.scope(principal, name);
    if (!UUID.test(id)) throw notFound(collection, id);
    const hooked = await this.isHooked(collection, 'delete');
    await this.withManager(collection, hooked, async (manager) => {
      if (hooked) await this.beforeDelete(manager, scope, collection, id);
      const params: unknown[] = [id];
      const condition = ruleCondition(scope, collection, 'delete', params);
      const version = ifMatch === undefined ? '' : ` AND t.version = $${params.push(ifMatch)}`;
      const actor = actorClause(actorLabel(scope.principal), params);
      const { rows } = await this.statements.write(
        manager,
        `${this.shapeTag()}${actor.with} DELETE FROM ${table(collection)} t
          WHERE t.id = $1 AND (${condition})${version} AND ${actor.guard} RETURNING t.id`,
        params,
      );
      if (rows.length === 0) await this.explainRefusal(manager, scope, collection, id, ifMatch, 'delete');
    });
  }

  async bulkUpdate(
    principal: Principal | undefined,
    name: string,
    rawFilter: string | string[] | undefined,
    body: unknown,
  ): Promise<{ updated: number }> {
    const { scope, collection } = await this.scope(principal, name);
    const filter = requireFilter(rawFilter);
    const record = assertValidBody(body, collection.validateUpdate, this.config.records.jsonMaxDepth);
    if (await this.isHooked(collection, 'update')) throw refuseHookedBulk(collection, 'update');
    refuseInBulk(
      fileFieldsInBody(record, collection),
      'Bulk updates cannot change files; update those records one by one.',
    );
    const values = writableValues(record, collection, this.secretBox);
    refuseInBulk(
      [...values.links.keys()],
      'Bulk updates cannot change many-to-many links; update those records one by one.',
    );
    return this.inTransaction(collection, async (manager) => {
      const params: unknown[] = [];
      const conditions = [
        ruleCondition(scope, collection, 'update', params, { body: record }),
        filterCondition(scope, collection, filter, params),
      ];
      const assignments = [...values.columns].map(
        ([column, value]) => `${quoteIdent(column)} = $${params.push(value)}`,
      );
      const actor = actorClause(actorLabel(scope.principal), params);
      const [, count]: [unknown[], number] = await manager.query(
        `${actor.with} UPDATE ${table(collection)} t
          SET ${[...assignments, 'version = t.version + 1', 'updated_at = now()'].join(', ')}
          WHERE ${[...conditions.map((c) => `(${c})`), actor.guard].join(' AND ')}`,
        params,
      );
      return { updated: count };
    });
  }

  async bulkDelete(
    principal: Principal | undefined,
    name: string,
    rawFilter: string | string[] | undefined,
  ): Promise<{ deleted: number }> {
    const { scope, collection } = await this.scope(principal, name);
    const filter = requireFilter(rawFilter);
    if (await this.isHooked(collection, 'delete')) throw refuseHookedBulk(collection, 'delete');
    return this.inTransaction(collection, async (manager) => {
      const params: unknown[] = [];
      const conditions = [
        ruleCondition(scope, collection, 'delete', params),
        filterCondition(scope, collection, filter, params),
      ];
      const actor = actorClause(actorLabel(scope.principal), params);
      const [, count]: [unknown[], number] = await manager.query(
        `${actor.with} DELETE FROM ${table(collection)} t
          WHERE ${[...conditions.map((c) => `(${c})`), actor.guard].join(' AND ')}`,
        params,
      );
      return { deleted: count };
    });
  }

  /** Parses `expand` for validation by callers that only need the paths (e.g. the controller). */
  parseExpand(raw: string | undefined): string[][] {
    const problems: { field: string; code: string; message: string }[] = [];
    const paths = parseExpand(raw, problems);
    if (problems.length > 0)
      throw new AppException(ErrorCode.ValidationFailed, problems.map((p) => p.message).join(' '), {
        errors: problems,
      });
    return paths;
  }

  private async write(
    scope: RequestScope,
    collection: CompiledCollection,
    id: string,
    body: Record<string, unknown>,
    ifMatch: number | undefined,
    revalidate: Revalidate,
  ): Promise<RecordData> {
    if (!UUID.test(id)) throw notFound(collection, id);
    const hooked = await this.isHooked(collection, 'update');
    const touchesMore = (values: WritableValues, record: Record<string, unknown>) =>
      values.links.size > 0 || fileFieldsInBody(record, collection).length > 0;
    const unhooked = writableValues(body, collection, this.secretBox);
    // Files are resolved against the record's current ones, read and locked in the same transaction.
    return this.withManager(collection, hooked || touchesMore(unhooked, body), async (manager) => {
      const record = hooked
        ? await this.beforeWrite(manager, scope, collection, { action: 'update', values: body, id, revalidate })
        : body;
      const withoutFiles = record === body ? unhooked : writableValues(record, collection, this.secretBox);
      const hasLinks = withoutFiles.links.size > 0;
      const fileFields = fileFieldsInBody(record, collection);
      let values = withoutFiles;
      if (fileFields.length > 0) {
        const current = await lockCurrentFiles(manager, collection.table, id, fileFields);
        const files = await this.fileValues(scope, collection, record, current ?? {}, manager, fileFields);
        values = writableValues(record, collection, this.secretBox, files);
      }
      const params: unknown[] = [id];
      const condition = ruleCondition(scope, collection, 'update', params, { body: record });
      const assignments = [...values.columns].map(
        ([column, value]) => `${quoteIdent(column)} = $${params.push(value)}`,
      );
      const version = ifMatch === undefined ? '' : ` AND t.version = $${params.push(ifMatch)}`;
      const actor = actorClause(actorLabel(scope.principal), params);
      const { rows } = await this.statements.write(
        manager,
        `${this.shapeTag()}${actor.with} UPDATE ${table(collection)} t
          SET ${[...assignments, 'version = t.version + 1', 'updated_at = now()'].join(', ')}
          WHERE t.id = $1 AND (${condition})${version} AND ${actor.guard} RETURNING ${collection.selectList}`,
        params,
      );
      if (rows.length === 0) await this.explainRefusal(manager, scope, collection, id, ifMatch, 'update');
      if (!hasLinks) return toRecord(rows[0] as Record<string, unknown>, collection);
      await this.writeLinks(manager, collection, id, values, true);
      // RETURNING saw the links as they were; read the record again with the new ones.
      const selected: Record<string, unknown>[] = await manager.query(
        `SELECT ${collection.selectList} FROM ${table(collection)} t WHERE t.id = $1`,
        [id],
      );
      return toRecord(selected[0] as Record<string, unknown>, collection);
    });
  }

  /** Column values for the file fields of a body (none: an empty map, no query). */
  private async fileValues(
    scope: RequestScope,
    collection: CompiledCollection,
    record: Record<string, unknown>,
    current: Record<string, unknown> | null,
    manager: EntityManager = this.dataSource.manager,
    fields = fileFieldsInBody(record, collection),
  ): Promise<Map<string, string | null>> {
    if (fields.length === 0) return new Map();
    return resolveFileValues(manager, collection, record, fields, { actor: actorLabel(scope.principal), current });
  }

  /**
   * INSERT ... SELECT ... WHERE <create rule, when given a body>: no row comes back when the
   * rule refuses. SELECT gives parameters no target type (VALUES would), so each is cast.
   */
  private async insert(
    manager: EntityManager,
    scope: RequestScope,
    collection: CompiledCollection,
    id: string,
    values: WritableValues,
    ruleBody: Record<string, unknown> | undefined,
  ): Promise<Record<string, unknown> | undefined> {
    const createdBy = scope.principal?.kind === 'user' ? scope.principal.id : null;
    const columns = ['id', 'created_by', ...values.columns.keys()];
    const params: unknown[] = [id, createdBy, ...values.columns.values()];
    const types = ['uuid', 'uuid', ...[...values.columns.keys()].map((name) => collection.fields.get(name)?.sqlType)];
    const selected = types.map((type, index) => `$${index + 1}::${type ?? 'text'}`).join(', ');
    const conditions = ruleBody ? [ruleCondition(scope, collection, 'create', params, { body: ruleBody })] : [];
    const actor = actorClause(actorLabel(scope.principal), params);
    const { rows } = await this.statements.write(
      manager,
      `${this.shapeTag()}${actor.with} INSERT INTO ${table(collection)} AS t (${columns.map(quoteIdent).join(', ')})
       SELECT ${selected} WHERE ${[...conditions.map((c) => `(${c})`), actor.guard].join(' AND ')}
       RETURNING ${collection.selectList}`,
      params,
    );
    return rows[0];
  }

  private async writeLinks(
    manager: EntityManager,
    collection: CompiledCollection,
    id: string,
    values: WritableValues,
    replace: boolean,
  ): Promise<void> {
    for (const [name, targets] of values.links) {
      const junction = `"data".${quoteIdent(collection.fields.get(name)?.junctionTable as string)}`;
      if (replace) await manager.query(`DELETE FROM ${junction} WHERE source_id = $1`, [id]);
      if (targets.length === 0) continue;
      await manager.query(`INSERT INTO ${junction} (source_id, target_id) SELECT $1, unnest($2::uuid[])`, [
        id,
        targets,
      ]);
    }
  }

  private selectWithRule(
    manager: EntityManager,
    scope: RequestScope,
    collection: CompiledCollection,
    id: string,
    action: RuleAction,
    body?: Record<string, unknown>,
  ): Promise<Record<string, unknown>[]> {
    return manager.query(...visibleRowQuery(scope, collection, id, action, body));
  }

  /** Why a write matched no row: not visible (404), stale (412) or not allowed (403). */
  private async explainRefusal(
    manager: EntityManager,
    scope: RequestScope,
    collection: CompiledCollection,
    id: string,
    ifMatch: number | undefined,
    action: 'update' | 'delete',
  ): Promise<never> {
    let visible: Record<string, unknown>[] = [];
    try {
      visible = await this.selectWithRule(manager, scope, collection, id, 'view');
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
    }
    const row = visible[0];
    if (!row) throw notFound(collection, id);
    if (ifMatch !== undefined && row.version !== ifMatch) {
      throw new AppException(
        ErrorCode.PreconditionFailed,
        `The record changed since version ${ifMatch}; it is now at version ${String(row.version)}.`,
        {
          extensions: { currentVersion: row.version },
        },
      );
    }
    throw refuse(scope.principal, `${action} this record of "${collection.name}"`);
  }

  /**
   * Opens the text of a prepared write: statements prepared under an older schema are never
   * run again under the same name (a column's type may have changed under the same text).
   */
  private shapeTag(): string {
    return `/* schema ${this.cache.heldVersion()} */ `;
  }

  /**
   * Runs `work` in a transaction when it needs one, else on one connection; database refusals
   * become problems. After a lost connection a write is repeated only if it provably did not
   * commit (see guarded-writes in libs/database), so `work` touches nothing but the database.
   */
  private async withManager<T>(
    collection: CompiledCollection,
    transaction: boolean,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (transaction) return this.inTransaction(collection, work);
    try {
      return await runAutocommit(this.dataSource, work);
    } catch (error) {
      throw translateDatabaseError(error, collection);
    } finally {
      this.outbox.changed();
      await this.endCachedAnswers(collection);
    }
  }

  private async inTransaction<T>(
    collection: CompiledCollection,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await runTransaction(this.dataSource, work);
    } catch (error) {
      throw translateDatabaseError(error, collection);
    } finally {
      // Committed, refused or lost: the relay is told either way; a needless wake-up costs nothing.
      this.outbox.changed();
      await this.endCachedAnswers(collection);
    }
  }

  /**
   * Bumps the data versions a change to `collection` can touch before the writer hears back,
   * so it never reads a cached answer from before its own write. Nothing when no cached
   * collection can depend on it. (The relay bumps them again for every event it relays.)
   */
  private async endCachedAnswers(collection: CompiledCollection): Promise<void> {
    const schema = compiledSchemaFor(await this.cache.current());
    const names = collectionsToBump(schema, collection.name);
    if (names.size === 0) return;
    await this.versions.bump([...names].flatMap((name) => schema.collections.get(name)?.definition.id ?? []));
  }
}

/** System columns and required fields are NOT NULL, which keyset conditions can rely on. */
/** The one filter a bulk change must have. */
function requireFilter(raw: string | string[] | undefined): string {
  const filter = singleValue(raw, 'filter');
  if (filter === undefined || filter.trim() === '') {
    throw new AppException(
      ErrorCode.ValidationFailed,
      'Bulk changes need a filter; to change every record, say so: filter=id != null.',
      {
        errors: [
          { field: 'filter', code: 'required', message: fieldSentence('filter', 'is required for bulk changes') },
        ],
      },
    );
  }
  return filter;
}

/** A 400 naming fields a bulk update cannot change. */
function refuseInBulk(fields: readonly (string | { name: string })[], detail: string): void {
  if (fields.length === 0) return;
  throw new AppException(ErrorCode.ValidationFailed, detail, {
    errors: fields.map((item) => {
      const field = typeof item === 'string' ? item : item.name;
      return { field, code: 'bulk', message: fieldSentence(field, 'cannot be changed in bulk') };
    }),
  });
}

function prefixErrors(error: unknown, prefix: string): unknown {
  if (!(error instanceof AppException)) return error;
  return new AppException(error.code, `Record ${prefix}: ${error.detail}`, {
    ...error.options,
    errors: error.options.errors?.map((e) => ({ ...e, field: `${prefix}.${e.field}` })),
  });
}
