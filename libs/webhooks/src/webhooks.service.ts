// Admin use cases for webhooks: create, read, change, delete. Input is validated here, where
// the use case starts: the URL, the secret, collections that exist, and a condition that
// compiles against every collection the webhook listens to.

import { Injectable } from '@nestjs/common';
import { SchemaCacheService } from '@stagecraft/collections';
import { AppException, ErrorCode, type FieldError } from '@stagecraft/core';
import type { RecordAction } from '@stagecraft/events';
import { compiledSchemaFor } from '@stagecraft/records';
import { v7 as uuidv7 } from 'uuid';
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
  if (url.length > URL_MAX_LENGTH) return `url must be at most ${URL_MAX_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'url must use http or https';
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
    await this.validate(fields, new Set(Object.keys(fields)));
    return this.webhooks.insert(uuidv7(), fields, createdBy);
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
    const current = await this.get(id);
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
    const merged: WebhookFields = { ...current, ...definedOnly(changes) };
    // The condition is checked again when the collections it applies to change.
    if (given.has('collections')) given.add('condition');
    await this.validate(merged, given);
    const updated = await this.webhooks.update(id, changes);
    if (!updated) throw notFound(id);
    return updated;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.webhooks.delete(id))) throw notFound(id);
  }

  private async validate(fields: WebhookFields, given: ReadonlySet<string>): Promise<void> {
    const errors: FieldError[] = [];
    const url = given.has('url') ? urlProblem(fields.url) : undefined;
    if (url) errors.push({ field: 'url', code: 'isUrl', message: url });
    const secret = given.has('secret') ? secretProblem(fields.secret) : undefined;
    if (secret) errors.push({ field: 'secret', code: 'isWebhookSecret', message: secret });
    if (given.has('collections')) {
      const missing = await this.missingCollections(fields.collections);
      if (missing.length > 0) {
        throw invalid(`No collection is named ${missing.map((name) => `"${name}"`).join(', ')}.`, [
          ...errors,
          ...missing.map((name) => ({
            field: 'collections',
            code: 'unknownCollection',
            message: `the collection "${name}" does not exist`,
          })),
        ]);
      }
    }
    let position: number | undefined;
    if (given.has('condition') && fields.condition !== null) {
      const schema = compiledSchemaFor(await this.schemaCache.current());
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

  private async missingCollections(names: readonly string[]): Promise<string[]> {
    const missing: string[] = [];
    for (const name of names) {
      if (!(await this.schemaCache.find(name))) missing.push(name);
    }
    return missing;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function notFound(id: string): AppException {
  return new AppException(ErrorCode.NotFound, `No webhook has the id ${id}.`);
}
