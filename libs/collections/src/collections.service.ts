// The schema use cases behind /collections and /schema: each one derives the new metadata
// from the current metadata and hands it to the runner, which validates, plans and applies.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode, uuidV7 } from '@stagecraft/core';
import {
  renameCollection,
  RULE_ACTIONS,
  type CollectionCacheSettings,
  type CollectionDefinition,
  type CollectionRules,
  type FieldDefinition,
  type RuleAction,
} from '@stagecraft/schema';
import { canonicalJson } from './canonical-json.js';
import { ADMIN_ONLY_RULES } from './rules.js';
import { SchemaCacheService } from './schema-cache.service.js';
import { SchemaChangeRunner, type SchemaActor, type SchemaChangeOutcome } from './schema-change.runner.js';

export interface FieldInput {
  name: string;
  type: string;
  options?: Record<string, unknown>;
  position?: number;
}

export interface CollectionInput {
  name: string;
  label?: string;
  description?: string;
  rules?: Partial<CollectionRules>;
  cache?: CollectionCacheSettings | null;
  fields?: FieldInput[];
}

export interface CollectionChanges {
  name?: string;
  label?: string;
  description?: string;
  rules?: Partial<CollectionRules>;
  /** null turns caching off; left out: unchanged. */
  cache?: CollectionCacheSettings | null;
}

export interface FieldChanges {
  name?: string;
  type?: string;
  options?: Record<string, unknown>;
  position?: number;
}

/** A field of a replacement definition: with the id of an existing field it keeps its data. */
export interface FieldReplacement {
  id?: string;
  name: string;
  type: string;
  options?: Record<string, unknown>;
}

/** One collection's whole definition: fields in the wanted order; existing ones left out are dropped. */
export interface CollectionReplacement {
  label?: string;
  description?: string;
  rules?: Partial<CollectionRules>;
  cache?: CollectionCacheSettings | null;
  fields: FieldReplacement[];
}

export interface ChangeOptions {
  actor: SchemaActor;
  dryRun?: boolean;
}

export interface SchemaDocument {
  format: 1;
  collections: CollectionDefinition[];
}

const labelFor = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');

function find(collections: CollectionDefinition[], name: string): CollectionDefinition {
  const collection = collections.find((candidate) => candidate.name === name);
  if (!collection) throw new AppException(ErrorCode.NotFound, `No collection is named "${name}".`);
  return collection;
}

function findField(collection: CollectionDefinition, name: string): FieldDefinition {
  const field = collection.fields.find((candidate) => candidate.name === name);
  if (!field) throw new AppException(ErrorCode.NotFound, `Collection "${collection.name}" has no field "${name}".`);
  return field;
}

/** New fields get their stable id here; validation of type and options happens in the runner. */
function newField(input: FieldInput, position: number): FieldDefinition {
  return {
    id: uuidV7(),
    name: input.name,
    type: input.type,
    options: input.options ?? {},
    position: input.position ?? position,
    system: false,
  } as FieldDefinition;
}

/** Positions become 0..n-1 in the given order, so inserting at a position shifts the rest. */
function renumber(fields: FieldDefinition[]): void {
  fields.sort((a, b) => a.position - b.position).forEach((field, index) => (field.position = index));
}

@Injectable()
export class CollectionsService {
  constructor(
    private readonly runner: SchemaChangeRunner,
    private readonly cache: SchemaCacheService,
  ) {}

  async list(): Promise<readonly CollectionDefinition[]> {
    return (await this.cache.current()).collections;
  }

  async get(name: string): Promise<CollectionDefinition> {
    const collection = await this.cache.find(name);
    if (!collection) throw new AppException(ErrorCode.NotFound, `No collection is named "${name}".`);
    return collection;
  }

  create(input: CollectionInput, options: ChangeOptions): Promise<SchemaChangeOutcome<CollectionDefinition>> {
    return this.runner.run({
      summary: `create collection "${input.name}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      mutate: (current) => {
        if (current.some((collection) => collection.name === input.name)) {
          throw new AppException(ErrorCode.Conflict, `A collection named "${input.name}" exists already.`, {
            errors: [{ field: 'name', code: 'duplicate_name', message: `The name "${input.name}" is taken.` }],
          });
        }
        const fields = (input.fields ?? []).map((field, index) => newField(field, index));
        renumber(fields);
        const collection: CollectionDefinition = {
          id: uuidV7(),
          name: input.name,
          label: input.label ?? labelFor(input.name),
          description: input.description ?? '',
          system: false,
          rules: { ...ADMIN_ONLY_RULES, ...input.rules },
          cache: input.cache ?? null,
          fields,
        };
        return { after: [...current, collection], result: collection, focus: collection.id };
      },
    });
  }

  update(
    name: string,
    changes: CollectionChanges,
    options: ChangeOptions,
  ): Promise<SchemaChangeOutcome<CollectionDefinition>> {
    return this.runner.run({
      summary:
        changes.name && changes.name !== name
          ? `rename collection "${name}" to "${changes.name}"`
          : `update collection "${name}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      mutate: (current) => {
        const { id } = find(current, name);
        const after = changes.name === undefined ? current : renameCollection(current, id, changes.name);
        const collection = after.find((candidate) => candidate.id === id) as CollectionDefinition;
        Object.assign(collection, {
          label: changes.label ?? collection.label,
          description: changes.description ?? collection.description,
          rules: { ...collection.rules, ...changes.rules },
          cache: changes.cache === undefined ? (collection.cache ?? null) : changes.cache,
        });
        return { after, result: collection, focus: id, statedRules: givenRules(id, changes.rules) };
      },
    });
  }

  delete(name: string, options: ChangeOptions): Promise<SchemaChangeOutcome<null>> {
    return this.runner.run({
      summary: `delete collection "${name}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      allowDestructive: true,
      mutate: (current) => {
        const collection = find(current, name);
        const incoming = current
          .filter((other) => other !== collection)
          .flatMap((other) =>
            other.fields
              .filter((field) => field.type === 'relation' && field.options.target === name)
              .map((field) => `${other.name}.${field.name}`),
          );
        if (incoming.length > 0) {
          throw new AppException(
            ErrorCode.Conflict,
            `Other collections relate to "${name}" (${incoming.join(', ')}); delete or change those fields first.`,
            { extensions: { relations: incoming } },
          );
        }
        return { after: current.filter((candidate) => candidate !== collection), result: null };
      },
    });
  }

  addField(
    collectionName: string,
    input: FieldInput,
    options: ChangeOptions,
  ): Promise<SchemaChangeOutcome<FieldDefinition>> {
    return this.runner.run({
      summary: `add field "${input.name}" to "${collectionName}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      mutate: (current) => {
        const collection = find(current, collectionName);
        // Placed before the field currently at that position (or last).
        const field = newField(input, collection.fields.length);
        field.position -= 0.5;
        collection.fields.push(field);
        renumber(collection.fields);
        return { after: current, result: field, focus: collection.id };
      },
    });
  }

  updateField(
    collectionName: string,
    fieldName: string,
    changes: FieldChanges,
    options: ChangeOptions,
  ): Promise<SchemaChangeOutcome<FieldDefinition>> {
    return this.runner.run({
      summary: `update field "${fieldName}" of "${collectionName}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      // A type change the user asked for may be lossy (e.g. number → integer rounds).
      allowDestructive: true,
      mutate: (current) => {
        const collection = find(current, collectionName);
        const field = findField(collection, fieldName);
        if (changes.name !== undefined && changes.name !== field.name)
          renameVia(current, collection.name, field.name, changes.name);
        Object.assign(field, {
          name: changes.name ?? field.name,
          type: changes.type ?? field.type,
          options: changes.options ?? field.options,
        });
        if (changes.position !== undefined) {
          field.position = changes.position + (changes.position > field.position ? 0.5 : -0.5);
          renumber(collection.fields);
        }
        return { after: current, result: field, focus: collection.id };
      },
    });
  }

  deleteField(collectionName: string, fieldName: string, options: ChangeOptions): Promise<SchemaChangeOutcome<null>> {
    return this.runner.run({
      summary: `delete field "${fieldName}" of "${collectionName}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      allowDestructive: true,
      mutate: (current) => {
        const collection = find(current, collectionName);
        const field = findField(collection, fieldName);
        collection.fields = collection.fields.filter((candidate) => candidate !== field);
        renumber(collection.fields);
        return { after: current, result: null, focus: collection.id };
      },
    });
  }

  reorderFields(
    collectionName: string,
    order: string[],
    options: ChangeOptions,
  ): Promise<SchemaChangeOutcome<CollectionDefinition>> {
    return this.runner.run({
      summary: `reorder fields of "${collectionName}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      mutate: (current) => {
        const collection = find(current, collectionName);
        const names = collection.fields.map((field) => field.name);
        const missing = names.filter((name) => !order.includes(name));
        const unknown = order.filter((name) => !names.includes(name));
        if (missing.length > 0 || unknown.length > 0 || order.length !== names.length) {
          throw new AppException(
            ErrorCode.ValidationFailed,
            'The order must list every field of the collection exactly once.',
            {
              errors: [
                ...missing.map((name) => ({
                  field: 'order',
                  code: 'missing',
                  message: `The field "${name}" is missing.`,
                })),
                ...unknown.map((name) => ({
                  field: 'order',
                  code: 'unknown',
                  message: `No field is named "${name}".`,
                })),
              ],
            },
          );
        }
        for (const field of collection.fields) field.position = order.indexOf(field.name);
        renumber(collection.fields);
        return { after: current, result: collection, focus: collection.id };
      },
    });
  }

  /** The designer's save: every field change of one collection in one schema change. */
  replace(
    collectionName: string,
    replacement: CollectionReplacement,
    options: ChangeOptions & { allowDestructive?: boolean },
  ): Promise<SchemaChangeOutcome<CollectionDefinition>> {
    return this.runner.run({
      summary: `replace the definition of "${collectionName}"`,
      actor: options.actor,
      dryRun: options.dryRun,
      allowDestructive: options.allowDestructive ?? false,
      mutate: (current) => {
        const collection = find(current, collectionName);
        const fields = replacementFields(collection, replacement.fields);
        const renames = new Map(
          collection.fields.flatMap((old) => {
            const next = fields.find((field) => field.id === old.id);
            return next && next.name !== old.name ? [[old.name, next.name] as const] : [];
          }),
        );
        collection.fields = fields;
        followRenames(current, collection, renames);
        Object.assign(collection, {
          label: replacement.label ?? collection.label,
          description: replacement.description ?? collection.description,
          rules: { ...collection.rules, ...replacement.rules },
          cache: replacement.cache === undefined ? (collection.cache ?? null) : replacement.cache,
        });
        return {
          after: current,
          result: collection,
          focus: collection.id,
          statedRules: givenRules(collection.id, replacement.rules),
        };
      },
    });
  }

  async snapshot(): Promise<SchemaDocument> {
    const { collections } = await this.cache.current();
    return { format: 1, collections: structuredClone([...collections]) };
  }

  /** The plan that applying the document would run (computed by a dry run). */
  diff(document: SchemaDocument, actor: SchemaActor): Promise<SchemaChangeOutcome<null>> {
    return this.apply(document, { actor, dryRun: true, allowDestructive: true });
  }

  apply(
    document: SchemaDocument,
    options: ChangeOptions & { allowDestructive?: boolean },
  ): Promise<SchemaChangeOutcome<null>> {
    return this.runner.run({
      summary: 'apply schema document',
      actor: options.actor,
      dryRun: options.dryRun,
      allowDestructive: options.allowDestructive,
      // The document states every rule: it is the schema as wanted, so nothing is carried along.
      mutate: () => ({ after: structuredClone(document.collections), result: null, statedRules: 'all' }),
    });
  }
}

/** The rules a request gives for one collection: checked as written rather than carried along a rename. */
function givenRules(
  collection: string,
  rules: Partial<CollectionRules> | undefined,
): { collection: string; action: RuleAction }[] {
  return RULE_ACTIONS.filter((action) => rules?.[action] !== undefined).map((action) => ({ collection, action }));
}

/** One-to-many fields name the many-to-one field they mirror (`via`); a rename carries them along. */
function renameVia(collections: CollectionDefinition[], collectionName: string, from: string, to: string): void {
  for (const other of collections) {
    for (const field of other.fields) {
      if (field.type !== 'relation' || field.options.kind !== 'one_to_many') continue;
      if (field.options.target === collectionName && field.options.via === from) field.options.via = to;
    }
  }
}

/**
 * The replacement's fields as definitions, positioned in the given order. Existing fields keep
 * their id and system flag; options equal to the saved ones stay the saved object, so a system
 * field sent back with its options in another key order is not taken for a change.
 */
function replacementFields(collection: CollectionDefinition, inputs: FieldReplacement[]): FieldDefinition[] {
  const saved = new Map(collection.fields.map((field) => [field.id.toLowerCase(), field]));
  const seen = new Set<string>();
  const errors: { field: string; code: string; message: string }[] = [];
  const fields = inputs.map((input, index) => {
    if (input.id === undefined) return newField(input, index);
    const key = input.id.toLowerCase();
    const old = saved.get(key);
    if (!old || seen.has(key)) {
      errors.push({
        field: `fields[${index}].id`,
        code: old ? 'duplicate_field_id' : 'unknown_field_id',
        message: old
          ? `The field id "${input.id}" is listed more than once.`
          : `"${collection.name}" has no field with id "${input.id}"; leave the id out for a new field.`,
      });
      return newField(input, index);
    }
    seen.add(key);
    const options = input.options ?? {};
    return {
      ...old,
      name: input.name,
      type: input.type,
      options: canonicalJson(options) === canonicalJson(old.options) ? old.options : options,
      position: index,
    } as FieldDefinition;
  });
  if (errors.length > 0) {
    throw new AppException(
      ErrorCode.ValidationFailed,
      `Some field ids are unknown to "${collection.name}" or repeated.`,
      {
        errors,
      },
    );
  }
  return fields;
}

/**
 * Carries renames of `collection`'s fields into the one-to-many fields that mirror them (`via`),
 * in one pass so that swapped names stay right. The collection's own fields came from the
 * caller: theirs is mapped only when it names no field any more (i.e. still the old name).
 */
function followRenames(
  collections: CollectionDefinition[],
  collection: CollectionDefinition,
  renames: ReadonlyMap<string, string>,
): void {
  if (renames.size === 0) return;
  const names = new Set(collection.fields.map((field) => field.name));
  for (const other of collections) {
    for (const field of other.fields) {
      if (field.type !== 'relation' || field.options.kind !== 'one_to_many') continue;
      if (field.options.target !== collection.name) continue;
      const renamed = renames.get(field.options.via);
      if (renamed === undefined || (other === collection && names.has(field.options.via))) continue;
      field.options.via = renamed;
    }
  }
}
