// Loads what a root field selects, with the same compiler, rules and keyset pagination as REST,
// in a number of statements set by the query's shape, never by how many records it returns:
// - the root records, with every to-one relation (many-to-one, at any depth) as a LEFT JOIN
//   LATERAL under the target's view rule, so a record the rule hides is simply null: one
//   statement;
// - each to-many relation (one-to-many, many-to-many) selected: one more statement, batched
//   over every parent the level before loaded, under the target's view rule, with its own
//   to-one relations joined the same way; one-to-many ones take a filter, a sort and a limit
//   per parent. Those of one level run side by side.
// So posts → author, comments → author is two statements, for 20 posts or 500. Related rows
// come back as plain rows rather than JSON built by PostgreSQL: aggregating each parent's
// records into JSON cost PostgreSQL twice the work of the plain rows, and the API parsed it
// again.

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
  SelectionCache,
  selectListFor,
  sortColumns,
  recordReader,
  translateDatabaseError,
  withTieBreaker,
  type CompiledCollection,
  type RecordData,
  type RecordReader,
  type RequestScope,
  type SortColumn,
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

const tables = new WeakMap<CompiledCollection, string>();

/** The collection's table, quoted once per schema version. */
function table(collection: CompiledCollection): string {
  let name = tables.get(collection);
  if (name === undefined) {
    name = `"data".${quoteIdent(collection.table)}`;
    tables.set(collection, name);
  }
  return name;
}
const isToOne = (selection: RelationSelection) => selection.field.kind === 'plain';

/** The alias of the parents' keys in a to-many statement; the compilers never use it. */
const KEYS = 'parent_keys';

/** A to-one relation joined in its parent's statement, and the relations below it. */
interface ToOneNode {
  readonly selection: RelationSelection;
  /** The prefix of the joined record's columns in the row. */
  readonly prefix: string;
  /** Its record, from those columns. */
  readonly read: RecordReader;
  /** The caller may not view the target at all: the relation is null. */
  readonly hidden: boolean;
  readonly children: readonly RelationNode[];
}

/** A to-many relation: a statement of its own, once its parents are loaded. */
interface ToManyNode {
  readonly selection: RelationSelection;
  /** Many-to-many: the parents hold the related ids themselves (records from elsewhere). */
  readonly idsInRecord: boolean;
}

type RelationNode = ToOneNode | ToManyNode;

const isToOneNode = (node: RelationNode): node is ToOneNode => 'prefix' in node;

/** A to-many relation to load for the records of the level above. */
interface PendingLoad {
  readonly node: ToManyNode;
  readonly parents: RecordData[];
}

/** What a record's row selects: its columns and to-one relations, the joins they need, and its to-many relations. */
interface RowSelection {
  /** The record's own columns. */
  readonly own: string;
  /** Its record, from those columns. */
  readonly read: RecordReader;
  /** Its own columns, then those of its to-one relations. */
  readonly select: string;
  readonly from: string;
  readonly nodes: readonly RelationNode[];
}

/** `selectListFor`, built once per kept plan rather than once per operation; keyed by "alias prefix". */
const selectLists = new SelectionCache<string>((collection, fields, key) => {
  const [alias, prefix] = key.split(' ') as [string, string];
  return selectListFor(collection, alias, prefix, fields);
});

function selectList(
  collection: CompiledCollection,
  alias: string,
  prefix: string,
  fields: ReadonlySet<string>,
): string {
  return selectLists.get(collection, fields, `${alias} ${prefix}`);
}

/** One statement's joins: aliases unique across it (j1, j2, …) and its values. */
class StatementBuilder {
  private next = 1;

  constructor(
    private readonly scope: RequestScope,
    private readonly values: unknown[],
  ) {}

  /** A fresh alias of the statement. */
  alias(letter: string): string {
    return `${letter}${this.next++}`;
  }

  /**
   * The row `alias` of `collection` (its columns named with `prefix`) with every to-one relation
   * `plan` selects joined. `own` replaces the record's own columns (records from elsewhere need
   * only their relations); `idsInRecord`: those records hold their many-to-many ids.
   */
  row(
    collection: CompiledCollection,
    alias: string,
    prefix: string,
    plan: SelectionPlan,
    { own, idsInRecord = false }: { own?: string; idsInRecord?: boolean } = {},
  ): RowSelection {
    const ownColumns = own ?? selectList(collection, alias, prefix, plan.fields);
    const columns = [ownColumns];
    const joins: string[] = [];
    const nodes = this.relations(alias, prefix, plan, columns, joins, idsInRecord);
    const read = recordReader(collection, plan.fields, prefix);
    return { own: ownColumns, read, select: columns.join(', '), from: joins.join('\n'), nodes };
  }

  private relations(
    alias: string,
    prefix: string,
    plan: SelectionPlan,
    columns: string[],
    joins: string[],
    idsInRecord = false,
  ): RelationNode[] {
    return plan.relations.map((selection) =>
      isToOne(selection) ? this.toOne(alias, prefix, selection, columns, joins) : { selection, idsInRecord },
    );
  }

  /** A LEFT JOIN LATERAL on the same row, and the joins below it. */
  private toOne(
    alias: string,
    prefix: string,
    selection: RelationSelection,
    columns: string[],
    joins: string[],
  ): ToOneNode {
    const joinAlias = this.alias('j');
    const joinPrefix = `${joinAlias}__`;
    const { target, plan } = selection;
    const read = recordReader(target, plan.fields, joinPrefix);
    const rule = viewRule(this.scope, target, this.values, joinAlias);
    if (rule === undefined) return { selection, prefix: joinPrefix, read, hidden: true, children: [] };
    const key = `${alias}.${quoteIdent(prefix + selection.field.name)}`;
    joins.push(
      `LEFT JOIN LATERAL (SELECT ${selectList(target, joinAlias, joinPrefix, plan.fields)}
         FROM ${table(target)} ${joinAlias}
         WHERE ${joinAlias}.id = ${key} AND (${rule})) ${joinAlias} ON true`,
    );
    columns.push(`${joinAlias}.*`);
    const children = this.relations(joinAlias, joinPrefix, plan, columns, joins);
    return { selection, prefix: joinPrefix, read, hidden: false, children };
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

/**
 * The keys a to-many statement is sent: the distinct ids of the parents, or, for many-to-many
 * ids the parents hold, (parent, related id) pairs. `positions[i]` is the key number (1-based)
 * its rows carry as "__parent" for `parents[i]`.
 */
interface ParentKeys {
  readonly values: unknown[];
  readonly from: string;
  readonly positions: readonly number[];
  readonly empty: boolean;
}

function parentIds(parents: readonly RecordData[]): ParentKeys {
  const numbers = new Map<string, number>();
  const positions = parents.map((parent) => {
    let number = numbers.get(parent.id);
    if (number === undefined) {
      number = numbers.size + 1;
      numbers.set(parent.id, number);
    }
    return number;
  });
  return {
    values: [[...numbers.keys()]],
    from: `unnest($1::uuid[]) WITH ORDINALITY AS ${KEYS}(id, n)`,
    positions,
    empty: numbers.size === 0,
  };
}

function heldIds(parents: readonly RecordData[], field: string): ParentKeys {
  const numbers: number[] = [];
  const ids: string[] = [];
  parents.forEach((parent, index) => {
    const held = parent[field];
    for (const id of new Set(Array.isArray(held) ? (held as string[]) : [])) {
      numbers.push(index + 1);
      ids.push(id);
    }
  });
  return {
    values: [numbers, ids],
    from: `unnest($1::int[], $2::uuid[]) AS ${KEYS}(n, id)`,
    positions: parents.map((_, index) => index + 1),
    empty: ids.length === 0,
  };
}

export class RecordLoader {
  constructor(
    private readonly scope: RequestScope,
    private readonly run: RunQuery,
  ) {}

  /** A list page, as REST's, with the selection's relations; `nextCursor: false` when it goes unread. */
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
    { nextCursor: wantsCursor = true }: { nextCursor?: boolean } = {},
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
    const cursorKeys = wantsCursor ? `, ${cursorKeyColumns(keys)}` : '';
    let sql = `SELECT ${row.select}${cursorKeys} FROM ${table(collection)} t
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
    const pending: PendingLoad[] = [];
    const items = this.records(rows, row, pending);
    if (pending.length > 0) await this.loadLevels(pending);
    const last = rows.at(-1);
    const nextCursor =
      wantsCursor && last && rows.length === params.limit
        ? encodeCursor(keys.map((_, index) => last[`__k${index}`]))
        : null;
    return { items, nextCursor, ...(total === undefined ? {} : { total }) };
  }

  /** Records by id under the caller's `action` rule, in the order asked, with the selection's relations. */
  async byIds(
    collection: CompiledCollection,
    ids: readonly string[],
    plan: SelectionPlan,
    action: RuleAction = 'view',
  ): Promise<RecordData[]> {
    // One id (a get) is an equality: PostgreSQL keeps one generic plan for the prepared
    // statement then, where `= ANY` of an array of unknown length has it plan every run.
    const one = ids.length === 1;
    const values: unknown[] = [one ? ids[0] : ids];
    const rule = ruleCondition(this.scope, collection, action, values);
    const row = new StatementBuilder(this.scope, values).row(collection, 't', '', plan);
    const rows = await this.run(
      `SELECT ${row.select} FROM ${table(collection)} t
        ${row.from}
        WHERE ${one ? 't.id = $1::uuid' : 't.id = ANY($1::uuid[])'} AND (${rule})`,
      values,
    ).catch((error: unknown) => {
      throw translateDatabaseError(error, collection, 'no');
    });
    const pending: PendingLoad[] = [];
    const records = this.records(rows, row, pending);
    if (pending.length > 0) await this.loadLevels(pending);
    if (one) return records;
    const byId = new Map(records.map((record) => [record.id, record]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The relations of records that came from elsewhere (a mutation's result, a change event).
   * Their keys are read from the records, not the table: a deleted record's relations are those
   * it had. To-one relations take one statement over those keys; to-many ones, one each.
   */
  async attach(records: RecordData[], collection: CompiledCollection, plan: SelectionPlan): Promise<void> {
    if (records.length === 0 || plan.relations.length === 0) return;
    const keys = ['id', ...new Set(plan.relations.filter(isToOne).map(({ field }) => field.name))];
    const values: unknown[] = [
      JSON.stringify(records.map((record) => Object.fromEntries(keys.map((name) => [name, record[name] ?? null])))),
    ];
    const row = new StatementBuilder(this.scope, values).row(collection, 't', '', plan, {
      own: 't.id',
      idsInRecord: true,
    });
    const rows = row.nodes.some(isToOneNode)
      ? await this.run(
          `SELECT ${row.select} FROM json_to_recordset($1::json) AS t(${keys.map((name) => `${quoteIdent(name)} uuid`).join(', ')})
            ${row.from}`,
          values,
        ).catch((error: unknown) => {
          throw translateDatabaseError(error, collection, 'no');
        })
      : [];
    // One row per record: its source is the records themselves.
    const byId = new Map(rows.map((relations) => [relations.id, relations]));
    const pending: PendingLoad[] = [];
    this.attachRelations(
      records,
      records.map((record) => byId.get(record.id) ?? {}),
      row.nodes,
      pending,
    );
    await this.loadLevels(pending);
  }

  /** The records of `rows`, with their to-one relations; their to-many ones go to `pending`. */
  private records(rows: Record<string, unknown>[], selection: RowSelection, pending: PendingLoad[]): RecordData[] {
    const records = rows.map(selection.read);
    this.attachRelations(records, rows, selection.nodes, pending);
    return records;
  }

  /** Attaches each to-one relation of `nodes` to the record of the same row; queues each to-many one. */
  private attachRelations(
    parents: RecordData[],
    rows: Record<string, unknown>[],
    nodes: readonly RelationNode[],
    pending: PendingLoad[],
  ): void {
    for (const node of nodes) {
      if (!isToOneNode(node)) {
        if (parents.length > 0) pending.push({ node, parents });
        continue;
      }
      const { selection } = node;
      const joined: RecordData[] = [];
      const joinedRows: Record<string, unknown>[] = [];
      parents.forEach((parent, index) => {
        const row = rows[index] as Record<string, unknown>;
        const id = row[`${node.prefix}id`];
        if (node.hidden || id === null || id === undefined) {
          attach(parent, selection.responseKey, null);
          return;
        }
        const record = node.read(row);
        attach(parent, selection.responseKey, record);
        joined.push(record);
        joinedRows.push(row);
      });
      this.attachRelations(joined, joinedRows, node.children, pending);
    }
  }

  /** Loads the to-many relations level by level: those of one level side by side. */
  private async loadLevels(pending: PendingLoad[]): Promise<void> {
    let level = pending;
    while (level.length > 0) {
      const next: PendingLoad[] = [];
      await Promise.all(level.map((load) => this.loadToMany(load, next)));
      level = next;
    }
  }

  /**
   * One to-many relation of every parent in one statement: a LATERAL subquery per parent key
   * (so a one-to-many's filter, sort and limit apply per parent, by its index), its rows ordered
   * by parent, then as listed. Many-to-many records come in the order of their ids, as REST
   * lists the ids.
   */
  private async loadToMany({ node, parents }: PendingLoad, pending: PendingLoad[]): Promise<void> {
    const { selection, idsInRecord } = node;
    const { field, target, plan } = selection;
    const keys = field.kind === 'many_to_many' && idsInRecord ? heldIds(parents, field.name) : parentIds(parents);
    const values = [...keys.values];
    const builder = new StatementBuilder(this.scope, values);
    const name = builder.alias('m');
    const rule = viewRule(this.scope, target, values, name);
    if (rule === undefined || keys.empty) {
      for (const parent of parents) attach(parent, selection.responseKey, []);
      return;
    }
    const inner = builder.row(target, name, '', plan);
    let where: string;
    let sort: SortColumn[] = [{ sql: `${name}.id`, descending: false, nullable: false }];
    let limit = '';
    if (field.kind === 'many_to_many') {
      const junction = `"data".${quoteIdent(field.junctionTable as string)}`;
      where = idsInRecord
        ? `${name}.id = ${KEYS}.id`
        : `${name}.id IN (SELECT jt.target_id FROM ${junction} jt WHERE jt.source_id = ${KEYS}.id)`;
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
      const filter = filterCondition(this.scope, target, params.filter, values, name);
      sort = sortColumns(this.scope, target, withTieBreaker(params.sort), values, name);
      if (!Number.isSafeInteger(params.limit)) throw new Error(`limit ${params.limit} was not checked`);
      where = `${name}.${quoteIdent(via)} = ${KEYS}.id AND (${filter})`;
      limit = ` LIMIT ${params.limit}`;
    }
    // The subquery's rows are the records, under the same alias and column names as the table's:
    // the to-one joins apply to them once, after the limits. Their sort keys leave it as "__s0",
    // "__s1", …, so the rows of all parents are ordered by them again: the same expressions,
    // types and directions.
    const sortKeys = sort.map((column, index) => `${column.sql} AS "__s${index}"`).join(', ');
    const sortedAgain = orderBy(sort.map((column, index) => ({ ...column, sql: `${name}."__s${index}"` })));
    const rows = await this.run(
      `SELECT ${KEYS}.n::int AS "__parent", ${inner.select} FROM ${keys.from}
        CROSS JOIN LATERAL (SELECT ${inner.own}, ${sortKeys} FROM ${table(target)} ${name}
          WHERE ${where} AND (${rule})
          ORDER BY ${orderBy(sort)}${limit}) ${name}
        ${inner.from}
        ORDER BY ${KEYS}.n, ${sortedAgain}`,
      values,
    ).catch((error: unknown) => {
      throw translateDatabaseError(error, target, 'no');
    });
    const records = this.records(rows, inner, pending);
    const byParent = new Map<number, RecordData[]>();
    rows.forEach((row, index) => {
      const position = row.__parent as number;
      let related = byParent.get(position);
      if (!related) {
        related = [];
        byParent.set(position, related);
      }
      related.push(records[index] as RecordData);
    });
    parents.forEach((parent, index) =>
      attach(parent, selection.responseKey, byParent.get(keys.positions[index] as number) ?? []),
    );
  }
}
