// Loads what a root field selects in one statement, with the same compiler, rules and keyset
// pagination as REST:
// - every to-one relation (many-to-one, at any depth) is a LEFT JOIN LATERAL under the target's
//   view rule, so a record the rule hides is simply null;
// - every to-many relation (one-to-many, many-to-many) is a subquery per parent row that
//   aggregates its records, with their own relations, into a JSON array (json_agg) under the
//   target's view rule; one-to-many ones take a filter, a sort and a limit per parent.
// A posts → author, comments → author query is one statement, however many posts: one round
// trip to PostgreSQL, where each costs more than the rows it carries. JSON carries date-times
// as text; they are read back as the Dates pg's own parser gives, so a record is the same
// however it was loaded.

import { AppException } from '@stagecraft/core';
import {
  afterCursor,
  cursorKeyColumns,
  decodeCursor,
  encodeCursor,
  filterCondition,
  invalidCursor,
  isAdmin,
  orderBy,
  parseListParams,
  ruleCondition,
  selectListFor,
  sortColumns,
  toRecord,
  translateDatabaseError,
  withTieBreaker,
  type CompiledCollection,
  type RecordData,
  type RequestScope,
} from '@stagecraft/records';
import { quoteIdent, type RuleAction } from '@stagecraft/schema';
import type { RelationSelection, SelectionPlan } from './selection-plan.js';

/** Runs one read statement; the operation counts them. */
export type RunQuery = (sql: string, values: readonly unknown[]) => Promise<Record<string, unknown>[]>;

const RELATIONS = Symbol('relations');
type Related = RecordData | null | RecordData[];
type WithRelations = RecordData & { [RELATIONS]?: Record<string, Related> };

/** What the loader attached to a record for the response key `key` of a relation field. */
export function relationsOf(record: Record<string, unknown>): Record<string, Related> | undefined {
  return (record as WithRelations)[RELATIONS];
}

function attach(record: RecordData, key: string, value: Related): void {
  const withRelations = record as WithRelations;
  (withRelations[RELATIONS] ??= {})[key] = value;
}

const table = (collection: CompiledCollection) => `"data".${quoteIdent(collection.table)}`;
const isToOne = (selection: RelationSelection) => selection.field.kind === 'plain';

/** A relation loaded in the statement, and those loaded below it. */
interface RelationNode {
  readonly selection: RelationSelection;
  /** To-one: the prefix of the joined record's columns. To-many: the column of its JSON array. */
  readonly column: string;
  /** The caller may not view the target at all: the relation is null, or empty. */
  readonly hidden: boolean;
  readonly children: readonly RelationNode[];
}

/** What a record's row selects: its columns and relations, and the joins they need. */
interface RowSelection {
  readonly select: string;
  readonly from: string;
  readonly nodes: readonly RelationNode[];
}

/** Select lists by collection, selected columns (a kept plan's set), alias and prefix. */
const selectLists = new WeakMap<CompiledCollection, WeakMap<ReadonlySet<string>, Map<string, string>>>();

/** `selectListFor`, built once per kept plan rather than once per operation. */
function selectList(
  collection: CompiledCollection,
  alias: string,
  prefix: string,
  fields: ReadonlySet<string>,
): string {
  let byFields = selectLists.get(collection);
  if (!byFields) {
    byFields = new WeakMap();
    selectLists.set(collection, byFields);
  }
  let byAlias = byFields.get(fields);
  if (!byAlias) {
    byAlias = new Map();
    byFields.set(fields, byAlias);
  }
  const key = `${alias} ${prefix}`;
  let list = byAlias.get(key);
  if (list === undefined) {
    list = selectListFor(collection, alias, prefix, fields);
    byAlias.set(key, list);
  }
  return list;
}

/** One statement's relations: aliases unique across it (j1 joins, m2 subqueries) and its values. */
class StatementBuilder {
  private next = 1;

  constructor(
    private readonly scope: RequestScope,
    private readonly values: unknown[],
  ) {}

  /**
   * The row `alias` of `collection` (its columns named with `prefix`) with every relation `plan`
   * selects. `own` replaces the record's own columns (a mutation's records need only relations);
   * `manyIdsInRow`: the row has its many-to-many ids as columns, rather than in junction tables.
   */
  row(
    collection: CompiledCollection,
    alias: string,
    prefix: string,
    plan: SelectionPlan,
    { own, manyIdsInRow = false }: { own?: string; manyIdsInRow?: boolean } = {},
  ): RowSelection {
    const columns = [own ?? selectList(collection, alias, prefix, plan.fields)];
    const joins: string[] = [];
    const nodes = this.relations(alias, prefix, plan, columns, joins, manyIdsInRow);
    return { select: columns.join(', '), from: joins.join('\n'), nodes };
  }

  private relations(
    alias: string,
    prefix: string,
    plan: SelectionPlan,
    columns: string[],
    joins: string[],
    manyIdsInRow = false,
  ): RelationNode[] {
    return plan.relations.map((selection) =>
      isToOne(selection)
        ? this.toOne(alias, prefix, selection, columns, joins)
        : this.toMany(alias, prefix, selection, columns, manyIdsInRow),
    );
  }

  /** A LEFT JOIN LATERAL on the same row, and the joins below it. */
  private toOne(
    alias: string,
    prefix: string,
    selection: RelationSelection,
    columns: string[],
    joins: string[],
  ): RelationNode {
    const joinAlias = `j${this.next++}`;
    const joinPrefix = `${joinAlias}__`;
    const { target, plan } = selection;
    const rule = viewRule(this.scope, target, this.values, joinAlias);
    if (rule === undefined) return { selection, column: joinPrefix, hidden: true, children: [] };
    const key = `${alias}.${quoteIdent(prefix + selection.field.name)}`;
    joins.push(
      `LEFT JOIN LATERAL (SELECT ${selectList(target, joinAlias, joinPrefix, plan.fields)}
         FROM ${table(target)} ${joinAlias}
         WHERE ${joinAlias}.id = ${key} AND (${rule})) ${joinAlias} ON true`,
    );
    columns.push(`${joinAlias}.*`);
    const children = this.relations(joinAlias, joinPrefix, plan, columns, joins);
    return { selection, column: joinPrefix, hidden: false, children };
  }

  /** A column holding the parent's related records as a JSON array, in the order they are listed. */
  private toMany(
    alias: string,
    prefix: string,
    selection: RelationSelection,
    columns: string[],
    manyIdsInRow: boolean,
  ): RelationNode {
    const name = `m${this.next++}`;
    const { field, target, plan } = selection;
    const rule = viewRule(this.scope, target, this.values, name);
    if (rule === undefined) return { selection, column: name, hidden: true, children: [] };
    const inner = this.row(target, name, '', plan);
    const parent = (column: string) => `${alias}.${quoteIdent(prefix + column)}`;
    const from = `${table(target)} ${name}\n${inner.from}`;
    let records: string;
    if (field.kind === 'many_to_many') {
      // As REST lists the ids: ordered by id.
      const junction = `"data".${quoteIdent(field.junctionTable as string)}`;
      const ids = manyIdsInRow
        ? parent(field.name)
        : `ARRAY(SELECT jt.target_id FROM ${junction} jt WHERE jt.source_id = ${parent('id')})`;
      records = `SELECT ${inner.select}, ${name}.id AS "__order" FROM ${from}
        WHERE ${name}.id = ANY(${ids}) AND (${rule})`;
    } else {
      const via = (field.definition.options as { via: string }).via;
      const { args } = selection;
      const params = parseListParams(
        {
          filter: args.filter ?? undefined,
          sort: args.sort ?? undefined,
          limit: args.limit === null || args.limit === undefined ? undefined : String(args.limit),
        },
        target,
        isAdmin(this.scope.principal),
        this.scope.schema.collections,
      );
      const filter = filterCondition(this.scope, target, params.filter, this.values, name);
      const order = orderBy(sortColumns(this.scope, target, withTieBreaker(params.sort), this.values, name));
      if (!Number.isSafeInteger(params.limit)) throw new Error(`limit ${params.limit} was not checked`);
      records = `SELECT ${inner.select}, row_number() OVER (ORDER BY ${order}) AS "__order" FROM ${from}
        WHERE ${name}.${quoteIdent(via)} = ${parent('id')} AND (${rule}) AND (${filter})
        ORDER BY ${order} LIMIT ${params.limit}`;
    }
    columns.push(
      `(SELECT coalesce(json_agg(s ORDER BY s."__order"), '[]'::json) FROM (${records}) s) AS ${quoteIdent(name)}`,
    );
    return { selection, column: name, hidden: false, children: inner.nodes };
  }
}

/** The target's view rule over `alias`, or undefined when the caller may not view it at all. */
function viewRule(scope: RequestScope, target: CompiledCollection, values: unknown[], alias = 't'): string | undefined {
  try {
    return ruleCondition(scope, target, 'view', values, { alias });
  } catch (error) {
    if (error instanceof AppException) return undefined;
    throw error;
  }
}

function unprefixed(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  for (const key in row) if (key.startsWith(prefix)) own[key.slice(prefix.length)] = row[key];
  return own;
}

/** Date-time columns of each collection: JSON carries them as text, pg's parser as Dates. */
const dateTimeColumns = new WeakMap<CompiledCollection, readonly string[]>();

function dateTimesOf(collection: CompiledCollection): readonly string[] {
  let columns = dateTimeColumns.get(collection);
  if (!columns) {
    columns = [
      'created_at',
      'updated_at',
      ...[...collection.fields.values()]
        .filter((field) => field.readable && field.sqlType === 'timestamptz')
        .map((field) => field.name),
    ];
    dateTimeColumns.set(collection, columns);
  }
  return columns;
}

/** A record's row from JSON, with its date-times as pg's parser gives them. */
function revived(row: Record<string, unknown>, collection: CompiledCollection): Record<string, unknown> {
  for (const column of dateTimesOf(collection)) {
    const value = row[column];
    if (typeof value === 'string') row[column] = new Date(value);
  }
  return row;
}

export class RecordLoader {
  constructor(
    private readonly scope: RequestScope,
    private readonly run: RunQuery,
  ) {}

  /** A list page, as REST's, with the selection's relations. */
  async list(
    collection: CompiledCollection,
    args: {
      filter?: string | null;
      sort?: string | null;
      limit?: number | null;
      offset?: number | null;
      after?: string | null;
      count?: string | null;
    },
    plan: SelectionPlan,
  ): Promise<{ items: RecordData[]; nextCursor: string | null; total?: number }> {
    const params = parseListParams(
      {
        filter: args.filter ?? undefined,
        sort: args.sort ?? undefined,
        limit: args.limit === null || args.limit === undefined ? undefined : String(args.limit),
        offset: args.offset === null || args.offset === undefined ? undefined : String(args.offset),
        cursor: args.after ?? undefined,
        count: args.count ?? undefined,
      },
      collection,
      isAdmin(this.scope.principal),
      this.scope.schema.collections,
    );
    const values: unknown[] = [];
    const conditions = [
      ruleCondition(this.scope, collection, 'list', values),
      filterCondition(this.scope, collection, params.filter, values),
    ];
    const countSql = `SELECT count(*) AS n FROM ${table(collection)} t WHERE ${conditions.join(' AND ')}`;
    const countValues = [...values];
    const keys = sortColumns(this.scope, collection, withTieBreaker(params.sort), values);
    if (params.cursor !== undefined) conditions.push(afterCursor(keys, decodeCursor(params.cursor, keys), values));
    const row = new StatementBuilder(this.scope, values).row(collection, 't', '', plan);
    if (!Number.isSafeInteger(params.limit)) throw new Error(`limit ${params.limit} was not checked`);
    let sql = `SELECT ${row.select}, ${cursorKeyColumns(keys)} FROM ${table(collection)} t
      ${row.from}
      WHERE ${conditions.map((condition) => `(${condition})`).join(' AND ')}
      ORDER BY ${orderBy(keys)} LIMIT ${params.limit}`;
    if (params.cursor === undefined && params.offset > 0) {
      values.push(params.offset);
      sql += ` OFFSET $${values.length}`;
    }
    const [rows, total] = await Promise.all([
      this.run(sql, values),
      params.count === 'exact'
        ? this.run(countSql, countValues).then((result) => Number(result[0]?.n ?? 0))
        : undefined,
    ]).catch((error: unknown) => {
      if (params.cursor !== undefined && /^22/.test((error as { code?: string }).code ?? '')) throw invalidCursor();
      throw translateDatabaseError(error, collection, 'no');
    });
    const items = this.records(collection, rows, row.nodes, false);
    const last = rows.at(-1);
    const nextCursor =
      last && rows.length === params.limit ? encodeCursor(keys.map((_, index) => last[`__k${index}`])) : null;
    return { items, nextCursor, ...(total === undefined ? {} : { total }) };
  }

  /** Records by id under the caller's `action` rule, in the order asked, with the selection's relations. */
  async byIds(
    collection: CompiledCollection,
    ids: readonly string[],
    plan: SelectionPlan,
    action: RuleAction = 'view',
  ): Promise<RecordData[]> {
    const values: unknown[] = [ids];
    const rule = ruleCondition(this.scope, collection, action, values);
    const row = new StatementBuilder(this.scope, values).row(collection, 't', '', plan);
    const rows = await this.run(
      `SELECT ${row.select} FROM ${table(collection)} t
        ${row.from}
        WHERE t.id = ANY($1::uuid[]) AND (${rule})`,
      values,
    ).catch((error: unknown) => {
      throw translateDatabaseError(error, collection, 'no');
    });
    const records = this.records(collection, rows, row.nodes, false);
    const byId = new Map(records.map((record) => [record.id, record]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The relations of records that came from elsewhere (a mutation's result, a change event), in
   * one statement. Their keys are read from the records, not the table: a deleted record's
   * relations are those it had.
   */
  async attach(records: RecordData[], collection: CompiledCollection, plan: SelectionPlan): Promise<void> {
    if (records.length === 0 || plan.relations.length === 0) return;
    const keys = new Map<string, string>([['id', 'uuid']]);
    for (const { field } of plan.relations) {
      if (field.kind === 'plain') keys.set(field.name, 'uuid');
      if (field.kind === 'many_to_many') keys.set(field.name, 'uuid[]');
    }
    const rowsOf = [...keys].map(([name, type]) => `${quoteIdent(name)} ${type}`).join(', ');
    const values: unknown[] = [
      JSON.stringify(
        records.map((record) => Object.fromEntries([...keys.keys()].map((name) => [name, record[name] ?? null]))),
      ),
    ];
    const row = new StatementBuilder(this.scope, values).row(collection, 't', '', plan, {
      own: 't.id',
      manyIdsInRow: true,
    });
    const rows = await this.run(
      `SELECT ${row.select} FROM json_to_recordset($1::json) AS t(${rowsOf})
        ${row.from}`,
      values,
    ).catch((error: unknown) => {
      throw translateDatabaseError(error, collection, 'no');
    });
    // One row per record: its source is the records themselves.
    const byId = new Map(rows.map((relations) => [relations.id, relations]));
    this.attachRelations(
      records,
      records.map((record) => byId.get(record.id) ?? {}),
      row.nodes,
      false,
    );
  }

  /** Records of `rows` (of `collection`), each with the relations `nodes` loaded in its row. */
  private records(
    collection: CompiledCollection,
    rows: Record<string, unknown>[],
    nodes: readonly RelationNode[],
    fromJson: boolean,
  ): RecordData[] {
    const records = rows.map((row) => toRecord(fromJson ? revived(row, collection) : row, collection));
    this.attachRelations(records, rows, nodes, fromJson);
    return records;
  }

  /** Attaches each relation of `nodes` to the record of the same row. */
  private attachRelations(
    parents: RecordData[],
    rows: Record<string, unknown>[],
    nodes: readonly RelationNode[],
    fromJson: boolean,
  ): void {
    for (const node of nodes) {
      const { selection } = node;
      if (!isToOne(selection)) {
        parents.forEach((parent, index) => {
          const related = node.hidden ? [] : ((rows[index]?.[node.column] ?? []) as Record<string, unknown>[]);
          attach(parent, selection.responseKey, this.records(selection.target, related, node.children, true));
        });
        continue;
      }
      const joined: RecordData[] = [];
      const joinedRows: Record<string, unknown>[] = [];
      parents.forEach((parent, index) => {
        const row = rows[index] as Record<string, unknown>;
        const id = row[`${node.column}id`];
        if (node.hidden || id === null || id === undefined) {
          attach(parent, selection.responseKey, null);
          return;
        }
        const own = unprefixed(row, node.column);
        const record = toRecord(fromJson ? revived(own, selection.target) : own, selection.target);
        attach(parent, selection.responseKey, record);
        joined.push(record);
        joinedRows.push(row);
      });
      this.attachRelations(joined, joinedRows, node.children, fromJson);
    }
  }
}
