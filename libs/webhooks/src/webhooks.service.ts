// Admin use cases for webhooks: create, read, change, delete. Input is validated here, where
// the use case starts: the URL, the secret, collections that exist, and a condition that
// compiles against every collection the webhook listens to. Saves hold the schema lock shared,
// so a condition is checked against the schema it will run on and a rename cannot miss it.

import { Injectable } from '@nestjs/common';
import { readSchemaVersion, SCHEMA_LOCK_KEY, SchemaCacheService, type SchemaSnapshot } from '@stagecraft/collections';
import { AppException, ErrorCode, type FieldError, uuidV7 } from '@stagecraft/core';
import type { RecordAction } from '@stagecraft/events';
import { compiledSchemaFor } from '@stagecraft/records';
import { DataSource, type EntityManager } from 'typeorm';
import { generateSecret, secretProblem } from './signing.js';
import { conditionProblems } from './webhook-condition.js';
import { WEBHOOK_ACTIONS, type WebhookView } from './webhook.types.js';
import { WebhooksRepository, type WebhookFields } from './webhooks.repository.js';

export const URL_MAX_LENGTH = 2048;

export interface WebhookInput {
  name: string;
  url: string;
  /** Collection names; empty or absent: every collection. */
  collections?: string[];
  /** Absent: all three. */
  actions?: RecordAction[];
  condition?: string | null;
  /** `whsec_<base64>`; absent: generated. */
  secret?: string;
  enabled?: boolean;
}

export type WebhookChanges = Partial<WebhookInput>;

const invalid = (detail: string, errors: FieldError[], position?: number): AppException =>
  new AppException(ErrorCode.ValidationFailed, detail, {
    errors,
    extensions: position === undefined ? {} : { position },
  });

function urlProblem(url: string): string | undefined {
  if (url.length > URL_MAX_LENGTH) return `The url must be at most ${URL_MAX_LENGTH} characters long.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The url must be an absolute http or https URL.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The url must use http or https.';
  return undefined;
}

/** A blank condition means none. */
const normalCondition = (condition: string | null | undefined): string | null | undefined =>
  typeof condition === 'string' && condition.trim() === '' ? null : condition;

@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly schemaCache: SchemaCacheService,
    private readonly dataSource: DataSource,
  ) {}

  async create(input: WebhookInput, createdBy: string | null): Promise<WebhookView> {
    const fields: WebhookFields = {
      name: input.name,
      url: input.url,
      secret: input.secret ?? generateSecret(),
      collections: [...new Set(input.collections ?? [])],
      actions: [...new Set(input.actions ?? WEBHOOK_ACTIONS)],
      condition: normalCondition(input.condition) ?? null,
      enabled: input.enabled ?? true,
      disabled_reason: null,
    };
    return this.underSchemaLock(async (manager, schema) => {
      this.validate(fields, new Set(Object.keys(fields)), schema);
      return this.webhooks.insert(uuidV7(), fields, createdBy, manager);
    });
  }

  list(): Promise<WebhookView[]> {
    return this.webhooks.list();
  }

  async get(id: string): Promise<WebhookView> {
    const webhook = await this.webhooks.find(id);
    if (!webhook) throw notFound(id);
    return webhook;
  }

  async update(id: string, input: WebhookChanges): Promise<WebhookView> {
    const changes: Partial<WebhookFields> = {
      name: input.name,
      url: input.url,
      secret: input.secret,
      collections: input.collections && [...new Set(input.collections)],
      actions: input.actions && [...new Set(input.actions)],
      condition: normalCondition(input.condition),
      enabled: input.enabled,
      // Turning a webhook on again clears why it was turned off.
      disabled_reason: input.enabled === true ? null : undefined,
    };
    const given = new Set(Object.keys(changes).filter((key) => changes[key as keyof WebhookFields] !== undefined));
    // The condition is checked again when the collections it applies to change.
    if (given.has('collections')) given.add('condition');
    return this.underSchemaLock(async (manager, schema) => {
      // Read under the lock: a rename that committed just before has rewritten the condition.
      const current = await this.get(id);
      const merged: WebhookFields = { ...current, ...definedOnly(changes) };
      this.validate(merged, given, schema);
      const updated = await this.webhooks.update(id, changes, manager);
      if (!updated) throw notFound(id);
      return updated;
    });
  }

  async delete(id: string): Promise<void> {
    if (!(await this.webhooks.delete(id))) throw notFound(id);
  }

  /**
   * Runs a save in a transaction holding the schema lock shared, with the schema as committed:
   * a schema change (which holds it exclusively while it rewrites conditions) cannot commit
   * between the check of a condition and its save, so no condition keeps a name it renamed.
   */
  private underSchemaLock<T>(save: (manager: EntityManager, schema: SchemaSnapshot) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [SCHEMA_LOCK_KEY]);
      const schema = await this.schemaCache.atVersion(await readSchemaVersion(manager));
      return save(manager, schema);
    });
  }

  private validate(fields: WebhookFields, given: ReadonlySet<string>, snapshot: SchemaSnapshot): void {
    const errors: FieldError[] = [];
    const url = given.has('url') ? urlProblem(fields.url) : undefined;
    if (url) errors.push({ field: 'url', code: 'isUrl', message: url });
    const secret = given.has('secret') ? secretProblem(fields.secret) : undefined;
    if (secret) errors.push({ field: 'secret', code: 'isWebhookSecret', message: secret });
    if (given.has('collections')) {
      const missing = fields.collections.filter((name) => !snapshot.byName.has(name));
      if (missing.length > 0) {
        throw invalid(`No collection is named ${missing.map((name) => `"${name}"`).join(', ')}.`, [
          ...errors,
          ...missing.map((name) => ({
            field: 'collections',
            code: 'unknownCollection',
            message: `The collection "${name}" does not exist.`,
          })),
        ]);
      }
    }
    let position: number | undefined;
    if (given.has('condition') && fields.condition !== null) {
      const schema = compiledSchemaFor(snapshot);
      const names = fields.collections.length > 0 ? fields.collections : [...schema.collections.keys()];
      const problems = conditionProblems(fields.condition, names, schema);
      errors.push(...problems.errors);
      position = problems.position;
    }
    if (errors.length > 0) {
      const fieldsAtFault = [...new Set(errors.map((error) => error.field))].join(', ');
      throw invalid(`The webhook is invalid: check ${fieldsAtFault}.`, errors, position);
    }
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function notFound(id: string): AppException {
  return new AppException(ErrorCode.NotFound, `No webhook has the id ${id}.`);
}
