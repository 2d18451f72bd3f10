// Who may download a file: exactly whoever may see the record holding it (its view rule, for
// the caller, hidden fields included), and for a `protected` field only a signed-in caller or
// the bearer of a file token. One query answers both "is this file held by that record" and
// "may the caller see the record".

import { Injectable } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import { PreparedStatements } from '@stagecraft/database';
import { RecordsService, ruleCondition, type CompiledCollection, type CompiledField } from '@stagecraft/records';
import { quoteIdent, type FileOptions } from '@stagecraft/schema';
import type { FileMeta } from '../ledger/stored-files.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STORED_NAME = /^[A-Za-z0-9_-]+(\.[a-z0-9]{1,10})?$/;

export interface FileAddress {
  readonly collection: string;
  readonly recordId: string;
  readonly name: string;
}

export interface LocatedFile {
  readonly storageKey: string;
  readonly meta: FileMeta;
  readonly options: FileOptions;
  readonly fieldName: string;
  /** Anyone may fetch it (view rule "anyone", not protected): shared caches may keep it. */
  readonly public: boolean;
}

function notFound(address: FileAddress): AppException {
  return new AppException(
    ErrorCode.NotFound,
    `No file ${address.name} on record ${address.recordId} of "${address.collection}".`,
  );
}

@Injectable()
export class FileAccessService {
  constructor(
    private readonly records: RecordsService,
    private readonly statements: PreparedStatements,
  ) {}

  /** The collection a download or token names, for its id (a 404 when there is none). */
  async collection(principal: Principal | undefined, name: string): Promise<CompiledCollection> {
    return (await this.records.scope(principal, name)).collection;
  }

  /** The file, if the caller may download it; otherwise 404 (or 401/403 as the view rule says). */
  async locate(principal: Principal | undefined, address: FileAddress): Promise<LocatedFile> {
    const { scope, collection } = await this.records.scope(principal, address.collection);
    if (!UUID.test(address.recordId) || !STORED_NAME.test(address.name)) throw notFound(address);
    const params: unknown[] = [address.name, address.recordId, collection.definition.id];
    const visible = ruleCondition(scope, collection, 'view', params);
    const [row] = await this.statements.query<{ storage_key: string; meta: FileMeta; field_id: string }>(
      `SELECT f.storage_key, f.meta, f.field_id FROM "stagecraft"."stored_files" f
        WHERE f.name = $1 AND f.record_id = $2 AND f.collection_id = $3 AND f.state = 'attached'
          AND EXISTS (SELECT 1 FROM "data".${quoteIdent(collection.table)} t WHERE t.id = $2 AND (${visible}))`,
      params,
    );
    const field = row === undefined ? undefined : fileFieldById(collection, row.field_id);
    if (row === undefined || field === undefined) throw notFound(address);
    const options = field.definition.options as FileOptions;
    if (options.protected === true && principal === undefined) {
      throw new AppException(ErrorCode.Unauthorized, 'This file is protected: sign in, or add a file token (?token=).');
    }
    return {
      storageKey: row.storage_key,
      meta: row.meta,
      options,
      fieldName: field.name,
      public: options.protected !== true && collection.rules.view === 'anyone',
    };
  }

  /** A 404 unless the caller may see the record (before a file token is issued for it). */
  async assertVisible(principal: Principal, collectionName: string, recordId: string): Promise<CompiledCollection> {
    const { scope, collection } = await this.records.scope(principal, collectionName);
    const missing = new AppException(ErrorCode.NotFound, `No record ${recordId} in "${collectionName}".`);
    if (!UUID.test(recordId)) throw missing;
    const params: unknown[] = [recordId];
    const visible = ruleCondition(scope, collection, 'view', params);
    const rows = await this.statements.query(
      `SELECT 1 FROM "data".${quoteIdent(collection.table)} t WHERE t.id = $1 AND (${visible})`,
      params,
    );
    if (rows.length === 0) throw missing;
    return collection;
  }
}

function fileFieldById(collection: CompiledCollection, fieldId: string): CompiledField | undefined {
  for (const field of collection.fields.values()) {
    if (field.definition.id === fieldId && field.kind === 'file') return field;
  }
  return undefined;
}
