// Loads what a root field selects in as few statements as the shape allows, with the same
// compiler, rules and keyset pagination as REST:
// - the root records and every to-one relation below them (many-to-one, at any depth) in one
//   statement: each relation is a LEFT JOIN LATERAL under the target's view rule, so a record
//   the rule hides is simply null;
// - each to-many relation (one-to-many, many-to-many) in one more statement for all parents
//   at once, joining its own to-one relations the same way; one-to-many ones take a filter, a
//   sort and a limit per parent (row_number() over the parent).
// A posts → author, comments → author query is two statements, however many posts.

import { AppException } from '@stagecraft/core';
import {
  afterCursor,
  decodeCursor,
  encodeCursor,
  filterCondition,
  invalidCursor,
  isAdmin,
  notNullColumn,
  orderBy,
  parseListParams,
  ruleCondition,
  selectListFor,
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

/** A to-one relation joined into a statement, and those joined below it. */
interface JoinNode {
  readonly selection: RelationSelection;
  readonly prefix: string;
  /** The caller may not view the target at all: the relation is null. */
  readonly hidden: boolean;
  readonly children: readonly JoinNode[];
}

/** One statement's lateral joins and their columns. */
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

class Joins {
  readonly clauses: string[] = [];
  readonly columns: string[] = [];
  private next = 1;

  constructor(
    private readonly scope: RequestScope,
    private readonly values: unknown[],
  ) {}

  /** Joins the plan's to-one relations of the row `alias`, whose columns carry `prefix`. */
  add(alias: string, prefix: string, plan: SelectionPlan): JoinNode[] {
    return plan.relations.filter(isToOne).map((selection) => {
      const joinAlias = `j${this.next++}`;
      const joinPrefix = `${joinAlias}__`;
      const rule = viewRule(this.scope, selection.target, this.values, joinAlias);
      if (rule === undefined) return { selection, prefix: joinPrefix, hidden: true, children: [] };
      const key = `${alias}.${quoteIdent(prefix + selection.field.name)}`;
      this.clauses.push(
        `LEFT JOIN LATERAL (SELECT ${selectList(selection.target, joinAlias, joinPrefix, selection.plan.fields)}
           FROM ${table(selection.target)} ${joinAlias}
           WHERE ${joinAlias}.id = ${key} AND (${rule})) ${joinAlias} ON true`,
      );
      this.columns.push(`${joinAlias}.*`);
      return {
        selection,
        prefix: joinPrefix,
        hidden: false,
        children: this.add(joinAlias, joinPrefix, selection.plan),
      };
    });
  }

  get select(): string {
    return this.columns.map((column) => `, ${column}`).join('');
  }

  get from(): string {
    return this.clauses.join('\n');
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

/** A to-many relation still to load below some loaded records. */
interface Pending {
  readonly records: RecordData[];
  readonly collection: CompiledCollection;
  readonly plan: SelectionPlan;
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
    );
    const values: unknown[] = [];
    const conditions = [
      ruleCondition(this.scope, collection, 'list', values),
      filterCondition(this.scope, collection, params.filter, values),
    ];
    const countSql = `SELECT count(*) AS n FROM ${table(collection)} t WHERE ${conditions.join(' AND ')}`;
    const countValues = [...values];
    const keys = withTieBreaker(params.sort);
    if (params.cursor !== undefined) {
      const after = decodeCursor(params.cursor, keys);
      conditions.push(afterCursor(keys, after, values, (field) => notNullColumn(collection, field)));
    }
    const joins = new Joins(this.scope, values);
    const nodes = joins.add('t', '', plan);
    const keyColumns = keys.map((key, index) => `t.${quoteIdent(key.field)}::text AS "__k${index}"`).join(', ');
    if (!Number.isSafeInteger(params.limit)) throw new Error(`limit ${params.limit} was not checked`);
    let sql = `SELECT ${selectList(collection, 't', '', plan.fields)}, ${keyColumns}${joins.select} FROM ${table(collection)} t
      ${joins.from}
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
    const items = await this.finish(collection, rows, nodes, plan);
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
    const joins = new Joins(this.scope, values);
    const nodes = joins.add('t', '', plan);
    const rows = await this.run(
      `SELECT ${selectList(collection, 't', '', plan.fields)}${joins.select} FROM ${table(collection)} t
        ${joins.from}
        WHERE t.id = ANY($1::uuid[]) AND (${rule})`,
      values,
    );
    const records = await this.finish(collection, rows, nodes, plan);
    const byId = new Map(records.map((record) => [record.id, record]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Relations of records that came from elsewhere (a mutation's result): one statement per relation. */
  async attach(records: RecordData[], plan: SelectionPlan): Promise<void> {
    if (records.length === 0) return;
    await Promise.all(plan.relations.map((selection) => this.loadRelation(records, selection)));
  }

  /** Records of `rows` with their joined relations attached, then the to-many relations loaded. */
  private async finish(
    collection: CompiledCollection,
    rows: Record<string, unknown>[],
    nodes: readonly JoinNode[],
    plan: SelectionPlan,
  ): Promise<RecordData[]> {
    const pending: Pending[] = [];
    const records = rows.map((row) => toRecord(row, collection));
    this.attachJoined(records, rows, nodes, pending);
    pending.push({ records, collection, plan });
    await this.loadPending(pending);
    return records;
  }

  /** Attaches each joined record to its parent; notes the to-many relations below them. */
  private attachJoined(
    parents: RecordData[],
    rows: Record<string, unknown>[],
    nodes: readonly JoinNode[],
    pending: Pending[],
  ): void {
    for (const node of nodes) {
      const { selection } = node;
      const joined: RecordData[] = [];
      const joinedRows: Record<string, unknown>[] = [];
      parents.forEach((parent, index) => {
        const row = rows[index] as Record<string, unknown>;
        if (node.hidden || row[`${node.prefix}id`] === null || row[`${node.prefix}id`] === undefined) {
          attach(parent, selection.responseKey, null);
          return;
        }
        const record = toRecord(unprefixed(row, node.prefix), selection.target);
        attach(parent, selection.responseKey, record);
        joined.push(record);
        joinedRows.push(row);
      });
      this.attachJoined(joined, joinedRows, node.children, pending);
      pending.push({ records: joined, collection: selection.target, plan: selection.plan });
    }
  }

  /** The to-many relations of every pending group, each in one statement. */
  private async loadPending(pending: readonly Pending[]): Promise<void> {
    await Promise.all(
      pending.flatMap(({ records, plan }) =>
        records.length === 0
          ? []
          : plan.relations
              .filter((selection) => !isToOne(selection))
              .map((selection) => this.loadRelation(records, selection)),
      ),
    );
  }

  private async loadRelation(parents: RecordData[], selection: RelationSelection): Promise<void> {
    const { field, target } = selection;
    const definition = field.definition;
    if (definition.type !== 'relation') return;
    const keyOf = (parent: RecordData) => parent[field.name];
    const toMany = definition.options.kind === 'one_to_many';
    // The ids a many-to-one or many-to-many relation points at are $1.
    const ids = toMany ? [] : [...new Set(parents.flatMap((parent) => (keyOf(parent) ?? []) as string | string[]))];
    const values: unknown[] = toMany ? [] : [ids];
    const rule = viewRule(this.scope, target, values);
    if (rule === undefined || (!toMany && ids.length === 0)) {
      for (const parent of parents) attach(parent, selection.responseKey, field.kind === 'plain' ? null : []);
      return;
    }
    const joins = new Joins(this.scope, values);
    const nodes = joins.add('t', '', selection.plan);
    const rows = toMany
      ? await this.loadChildren(parents, selection, (definition.options as { via: string }).via, values, rule, joins)
      : await this.run(
          `SELECT ${selectList(target, 't', '', selection.plan.fields)}${joins.select} FROM ${table(target)} t
            ${joins.from}
            WHERE t.id = ANY($1::uuid[]) AND (${rule})`,
          values,
        );
    const pending: Pending[] = [];
    const related = rows.map((row) => toRecord(row, target));
    this.attachJoined(related, rows, nodes, pending);
    pending.push({ records: related, collection: target, plan: selection.plan });
    if (toMany) {
      const byParent = new Map<unknown, RecordData[]>();
      rows.forEach((row, index) => {
        const children = byParent.get(row.__via);
        if (children) children.push(related[index] as RecordData);
        else byParent.set(row.__via, [related[index] as RecordData]);
      });
      for (const parent of parents) attach(parent, selection.responseKey, byParent.get(parent.id) ?? []);
    } else {
      const byId = new Map(related.map((record) => [record.id, record]));
      for (const parent of parents) {
        const key = keyOf(parent);
        attach(
          parent,
          selection.responseKey,
          Array.isArray(key) ? key.flatMap((id) => byId.get(id as string) ?? []) : (byId.get(key as string) ?? null),
        );
      }
    }
    await this.loadPending(pending);
  }

  /** One-to-many: every parent's children, each parent's filtered, sorted and limited on its own. */
  private async loadChildren(
    parents: RecordData[],
    selection: RelationSelection,
    via: string,
    values: unknown[],
    rule: string,
    joins: Joins,
  ): Promise<Record<string, unknown>[]> {
    const { target, args } = selection;
    const params = parseListParams(
      {
        filter: args.filter ?? undefined,
        sort: args.sort ?? undefined,
        limit: args.limit === null || args.limit === undefined ? undefined : String(args.limit),
      },
      target,
      isAdmin(this.scope.principal),
    );
    const filter = filterCondition(this.scope, target, params.filter, values);
    values.push(parents.map((parent) => parent.id));
    const parentIds = `$${values.length}`;
    const keys = withTieBreaker(params.sort);
    if (!Number.isSafeInteger(params.limit)) throw new Error(`limit ${params.limit} was not checked`);
    const column = `t.${quoteIdent(via)}`;
    return this.run(
      `SELECT * FROM (
         SELECT ${selectList(target, 't', '', selection.plan.fields)}${joins.select}, ${column} AS "__via",
                row_number() OVER (PARTITION BY ${column} ORDER BY ${orderBy(keys)}) AS "__rn"
           FROM ${table(target)} t
           ${joins.from}
          WHERE ${column} = ANY(${parentIds}::uuid[]) AND (${rule}) AND (${filter})
       ) s WHERE s."__rn" <= ${params.limit} ORDER BY s."__via", s."__rn"`,
      values,
    ).catch((error: unknown) => {
      throw translateDatabaseError(error, target, 'no');
    });
  }
}
