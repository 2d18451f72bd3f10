// Applies a schema change: validate → plan → run. Under a transaction-scoped advisory lock it
// reads the current metadata, derives the new one, validates (every problem reported), carries
// renamed fields into the rules and other stored expressions (or refuses a drop they still use),
// plans the DDL, runs each data pre-check right before its action, runs the DDL, writes metadata,
// bumps the version and records history. Any failure rolls everything back. A dry run does
// the same and rolls back at the end, so it reports exactly what a real run would meet.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';
import {
  actionToSql,
  planPrechecks,
  planSchemaChange,
  SchemaPlanError,
  validateSchemaChange,
  type CollectionDefinition,
  type RuleAction,
  type SchemaAction,
} from '@stagecraft/schema';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json.js';
import { bumpSchemaVersion, loadCollections, recordHistory, saveCollections } from './metadata.repository.js';
import { carryReferences, type RewrittenReference } from './references/carry-references.js';
import type { SchemaChangeContext } from './references/reference-holder.js';
import { ReferenceHolders } from './references/reference-holders.js';
import { ruleCompileProblems, ruleParseProblems } from './rules.js';
import { SchemaCacheService } from './schema-cache.service.js';
import { syncFileReferences } from './file-references.js';

// Serialises schema changes across every API process.
export const SCHEMA_LOCK_KEY = 0x5c_af_7a_03;

export interface SchemaActor {
  kind: 'user' | 'api_key' | 'cli';
  id: string | null;
}

export interface SchemaChangeRequest<T> {
  /** Derives the new metadata from the current one (read under the lock), plus a result to return. */
  mutate(current: CollectionDefinition[]): {
    after: CollectionDefinition[];
    result: T;
    /** Id of the one collection the change is about: problem paths are then relative to it. */
    focus?: string;
    /**
     * Rules the request states itself (`all` for a schema document), by collection id: they are
     * checked as written. Other rules of existing collections are carried along a rename.
     */
    statedRules?: 'all' | readonly { collection: string; action: RuleAction }[];
  };
  summary: string;
  actor: SchemaActor;
  dryRun?: boolean;
  /** Refuse plans that drop data unless this is set (schema apply); single-purpose deletes set it. */
  allowDestructive?: boolean;
}

export interface PlannedAction {
  type: SchemaAction['type'];
  description: string;
  destructive: boolean;
  sql: string;
}

export interface SchemaChangeOutcome<T> {
  result: T;
  applied: boolean;
  version: number | null;
  actions: PlannedAction[];
  /** Rules and other stored expressions rewritten to follow renamed fields. */
  rewritten: RewrittenReference[];
}

class DryRunRollback extends Error {
  constructor(readonly outcome: SchemaChangeOutcome<unknown>) {
    super('dry run');
  }
}

interface PrecheckRow {
  count: number;
  sample: { id: string; value: unknown }[] | null;
}

@Injectable()
export class SchemaChangeRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: SchemaCacheService,
    private readonly holders: ReferenceHolders,
  ) {}

  async run<T>(request: SchemaChangeRequest<T>): Promise<SchemaChangeOutcome<T>> {
    let outcome: SchemaChangeOutcome<T>;
    try {
      outcome = await this.dataSource.transaction((manager) => this.runInTransaction(manager, request));
    } catch (error) {
      if (error instanceof DryRunRollback) return error.outcome as SchemaChangeOutcome<T>;
      throw error;
    }
    if (outcome.version !== null) await this.cache.changed(outcome.version);
    return outcome;
  }

  private async runInTransaction<T>(
    manager: EntityManager,
    request: SchemaChangeRequest<T>,
  ): Promise<SchemaChangeOutcome<T>> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    // Casts of zone-less text to datetimes must not depend on the server's time zone.
    await manager.query(`SET LOCAL TIME ZONE 'UTC'`);
    const before = await loadCollections(manager);
    const { after, result, focus, statedRules } = request.mutate(structuredClone(before));
    const change: SchemaChangeContext = { before, after, statedRule: statedRule(before, statedRules) };

    const issues: { path: string; code: string; message: string }[] = validateSchemaChange(before, after);
    // Renamed fields are carried into stored expressions once the schema is valid (a refused
    // drop is a 409 naming each one); then rules compile against it. Until it is valid only the
    // rules' syntax is checked, and every problem is reported together.
    let rewritten: RewrittenReference[] = [];
    if (issues.length === 0) {
      rewritten = await carryReferences(manager, this.holders.all(), change, (path) =>
        relativePath(path, after, focus),
      );
    }
    issues.push(...(issues.length === 0 ? ruleCompileProblems(change) : ruleParseProblems(after)));
    if (issues.length > 0) {
      throw new AppException(
        ErrorCode.ValidationFailed,
        `The schema change is invalid. ${issues.map((i) => i.message).join(' ')}`,
        {
          errors: issues.map((issue) => ({
            field: relativePath(issue.path, after, focus),
            code: issue.code,
            message: issue.message,
          })),
        },
      );
    }
    const actions = plan(before, after);
    const planned = actions.map((action) => ({
      type: action.type,
      description: action.description,
      destructive: action.destructive,
      sql: actionToSql(action),
    }));
    const destructive = planned.filter((action) => action.destructive);
    if (destructive.length > 0 && !request.allowDestructive) {
      throw new AppException(
        ErrorCode.Conflict,
        `The change drops data (${destructive.map((a) => a.description).join('; ')}); confirm it with allow_destructive.`,
        { extensions: { actions: destructive } },
      );
    }

    const prechecks = planPrechecks(actions);
    for (const [index, action] of planned.entries()) {
      for (const precheck of prechecks.filter((p) => p.actionIndex === index)) {
        const rows: PrecheckRow[] = await manager.query(precheck.sql);
        const found = rows[0];
        if (found && found.count > 0) {
          const sample = found.sample ?? [];
          throw new AppException(
            ErrorCode.Conflict,
            `${precheck.message}: ${found.count} ${precheck.kind === 'duplicate_values' ? 'repeated value(s)' : 'record(s)'}${sample.length ? `, e.g. ${sample.map((s) => describeSample(s)).join(', ')}` : ''}.`,
            { extensions: { precheck: precheck.kind, count: found.count, sample, field: precheck.column } },
          );
        }
      }
      await runStatement(manager, action.sql);
    }

    // New collection tables get the outbox triggers (renamed tables keep theirs).
    const existing = new Set(before.map((collection) => collection.id));
    for (const created of after.filter((collection) => !existing.has(collection.id))) {
      await manager.query(`SELECT "stagecraft"."attach_record_events"($1, $2, '{}')`, [created.name, created.id]);
    }
    await syncFileReferences(manager, before, after);

    if (planned.length === 0 && sameMetadata(before, after)) {
      return { result, applied: false, version: null, actions: [], rewritten };
    }
    await saveCollections(manager, after);
    const version = await bumpSchemaVersion(manager);
    await recordHistory(manager, {
      version,
      actorKind: request.actor.kind,
      actorId: request.actor.id,
      summary: request.summary,
      actions: planned,
      statements: planned.map((action) => action.sql),
    });
    const outcome = {
      result,
      applied: !request.dryRun,
      version: request.dryRun ? null : version,
      actions: planned,
      rewritten,
    };
    if (request.dryRun) throw new DryRunRollback(outcome);
    return outcome;
  }
}

/** Which rules the request states: all of a schema document, those given, and every rule of a new collection. */
function statedRule(
  before: readonly CollectionDefinition[],
  stated: 'all' | readonly { collection: string; action: RuleAction }[] | undefined,
): (collectionId: string, action: RuleAction) => boolean {
  const existing = new Set(before.map((collection) => collection.id));
  return (collectionId, action) =>
    stated === 'all' ||
    !existing.has(collectionId) ||
    (stated ?? []).some((item) => item.collection === collectionId && item.action === action);
}

function plan(before: CollectionDefinition[], after: CollectionDefinition[]): SchemaAction[] {
  try {
    return planSchemaChange(before, after);
  } catch (error) {
    if (error instanceof SchemaPlanError) throw new AppException(ErrorCode.Conflict, error.message);
    throw error;
  }
}

async function runStatement(manager: EntityManager, sql: string): Promise<void> {
  try {
    await manager.query(sql);
  } catch (error) {
    // The plan was validated and pre-checked; what is left is data the checks cannot foresee
    // (e.g. a foreign key to a missing record). Report it without the statement.
    const message = (error as { message?: string }).message ?? 'unknown error';
    throw new AppException(ErrorCode.Conflict, `The database refused the change (${message}).`, { cause: error });
  }
}

/**
 * `collections[3].fields[0].name` becomes `fields[0].name` when collection 3 is the focus; another
 * collection is named instead (`collections[posts].rules.list`), as its place in the list means
 * nothing to a caller who sent one collection.
 */
function relativePath(path: string, after: CollectionDefinition[], focus: string | undefined): string {
  if (focus === undefined) return path;
  const match = /^collections\[(\d+)\]\.?/.exec(path);
  if (match === null) return path;
  const collection = after[Number(match[1])];
  if (collection?.id !== focus)
    return path.replace(/^collections\[\d+\]/, `collections[${collection?.name ?? match[1]}]`);
  return path.slice(match[0].length) || 'collection';
}

function describeSample(sample: { id: string; value: unknown }): string {
  const value = JSON.stringify(sample.value);
  return `${sample.id} (${value && value.length > 60 ? `${value.slice(0, 57)}...` : value})`;
}

/** Equal definitions, whatever the key order of their objects (a hand-written document's, or jsonb's). */
function sameMetadata(before: CollectionDefinition[], after: CollectionDefinition[]): boolean {
  const key = (collections: CollectionDefinition[]): string =>
    canonicalJson([...collections].sort((a, b) => a.id.localeCompare(b.id)));
  return key(before) === key(after);
}
