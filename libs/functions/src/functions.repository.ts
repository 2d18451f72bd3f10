// SQL for stagecraft.functions and their versions. A function row always points at its
// deployed version; reads join the two so one query answers "what runs for this name".

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FunctionLanguage } from './compile-source.js';
import type { FunctionSettings, FunctionTriggers, FunctionVersionView, FunctionView } from './function.types.js';

type Db = Pick<EntityManager, 'query'>;

interface FunctionRow {
  id: string;
  name: string;
  description: string | null;
  triggers: FunctionTriggers;
  settings: FunctionSettings;
  created_at: Date;
  updated_at: Date;
  version_id: string;
  number: number;
  language: FunctionLanguage;
  source: string;
  compiled: string;
  restored_from: number | null;
  version_created_at: Date;
}

/** A function as the runner needs it: the view plus the deployed module. */
export interface DeployedFunction extends FunctionView {
  readonly versionId: string;
  readonly compiled: string;
}

export interface StoredVersion extends FunctionVersionView {
  readonly id: string;
  readonly compiled: string;
}

const SELECT_DEPLOYED = `
  SELECT f.id, f.name, f.description, f.triggers, f.settings, f.created_at, f.updated_at,
         v.id AS version_id, v.number, v.language, v.source, v.compiled, v.restored_from,
         v.created_at AS version_created_at
    FROM stagecraft.functions f JOIN stagecraft.function_versions v ON v.id = f.current_version_id`;

function toDeployed(row: FunctionRow): DeployedFunction {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    triggers: row.triggers,
    settings: row.settings,
    version: {
      number: row.number,
      language: row.language,
      source: row.source,
      restored_from: row.restored_from,
      created_at: row.version_created_at.toISOString(),
    },
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    versionId: row.version_id,
    compiled: row.compiled,
  };
}

export function toView(deployed: DeployedFunction): FunctionView {
  const { versionId: _versionId, compiled: _compiled, ...view } = deployed;
  return view;
}

export interface NewVersion {
  readonly id: string;
  readonly language: FunctionLanguage;
  readonly source: string;
  readonly compiled: string;
  readonly restoredFrom: number | null;
}

@Injectable()
export class FunctionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insertFunction(
    db: Db,
    fields: {
      id: string;
      name: string;
      description: string | null;
      triggers: FunctionTriggers;
      settings: FunctionSettings;
      createdBy: string | null;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO stagecraft.functions (id, name, description, triggers, settings, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [fields.id, fields.name, fields.description, fields.triggers, fields.settings, fields.createdBy],
    );
  }

  /** Adds the next version of a function and makes it the deployed one. */
  async deployVersion(db: Db, functionId: string, version: NewVersion, createdBy: string | null): Promise<void> {
    await db.query(
      `INSERT INTO stagecraft.function_versions (id, function_id, number, language, source, compiled, restored_from, created_by)
       SELECT $1, $2, COALESCE(MAX(number), 0) + 1, $3, $4, $5, $6, $7
         FROM stagecraft.function_versions WHERE function_id = $2`,
      [version.id, functionId, version.language, version.source, version.compiled, version.restoredFrom, createdBy],
    );
    await db.query(`UPDATE stagecraft.functions SET current_version_id = $2, updated_at = now() WHERE id = $1`, [
      functionId,
      version.id,
    ]);
  }

  async updateFunction(
    db: Db,
    id: string,
    changes: { description?: string | null; triggers?: FunctionTriggers; settings?: FunctionSettings },
  ): Promise<void> {
    await db.query(
      `UPDATE stagecraft.functions
          SET description = CASE WHEN $2 THEN $3 ELSE description END,
              triggers = COALESCE($4, triggers),
              settings = COALESCE($5, settings),
              updated_at = now()
        WHERE id = $1`,
      [
        id,
        changes.description !== undefined,
        changes.description ?? null,
        changes.triggers ?? null,
        changes.settings ?? null,
      ],
    );
  }

  /** `forUpdate` in a transaction: later changes to the same function wait for this one. */
  async findByName(name: string, db: Db = this.dataSource, forUpdate = false): Promise<DeployedFunction | undefined> {
    const rows: FunctionRow[] = await db.query(
      `${SELECT_DEPLOYED} WHERE f.name = $1${forUpdate ? ' FOR UPDATE OF f' : ''}`,
      [name],
    );
    return rows[0] && toDeployed(rows[0]);
  }

  async list(): Promise<DeployedFunction[]> {
    const rows: FunctionRow[] = await this.dataSource.query(`${SELECT_DEPLOYED} ORDER BY f.name`);
    return rows.map(toDeployed);
  }

  /** Names and triggers of the functions that have a trigger of this kind, by name. */
  async withTrigger(kind: keyof FunctionTriggers): Promise<{ id: string; name: string; triggers: FunctionTriggers }[]> {
    return this.dataSource.query(
      `SELECT id, name, triggers FROM stagecraft.functions WHERE triggers ? $1 ORDER BY name`,
      [kind],
    );
  }

  async delete(name: string): Promise<boolean> {
    const rows: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM stagecraft.functions WHERE name = $1 RETURNING id`,
      [name],
    );
    return rows[1] > 0;
  }

  async versions(functionId: string): Promise<FunctionVersionView[]> {
    const rows: (FunctionVersionView & { created_at: Date })[] = await this.dataSource.query(
      `SELECT number, language, source, restored_from, created_at
         FROM stagecraft.function_versions WHERE function_id = $1 ORDER BY number DESC`,
      [functionId],
    );
    return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString() }));
  }

  async version(db: Db, functionId: string, number: number): Promise<StoredVersion | undefined> {
    const rows: (StoredVersion & { created_at: Date })[] = await db.query(
      `SELECT id, number, language, source, compiled, restored_from, created_at
         FROM stagecraft.function_versions WHERE function_id = $1 AND number = $2`,
      [functionId, number],
    );
    const row = rows[0];
    return row && { ...row, created_at: row.created_at.toISOString() };
  }
}
