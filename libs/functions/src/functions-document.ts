// Functions as part of a schema document, so they move between environments with the
// collections: a snapshot lists each one as code (no ids, versions, compiled modules or secret
// values; settings name the secrets it may read), and a document's functions are checked all at
// once, compared with the deployed ones (functionActions, pure) and applied through
// FunctionsService. A function whose source and language are unchanged gets no new version.

import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { createSnapshot, type SchemaActor } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence, type FieldError } from '@stagecraft/core';
import { compiledSchemaFor, type CompiledSchema } from '@stagecraft/records';
import type { CollectionDefinition } from '@stagecraft/schema';
import { compileSource, FUNCTION_LANGUAGES, type FunctionLanguage } from './compile-source.js';
import { checkedSettings } from './function-settings.js';
import { checkedTriggers } from './function-triggers.js';
import { DEFAULT_SETTINGS, type FunctionSettings, type FunctionTriggers, type FunctionView } from './function.types.js';
import {
  FUNCTION_NAME,
  FUNCTION_NAME_MESSAGE,
  FunctionsService,
  type FunctionChanges,
  type FunctionInput,
} from './functions.service.js';

/** One function in a snapshot: everything needed to deploy it elsewhere. */
export interface FunctionDocument {
  readonly name: string;
  readonly description: string | null;
  readonly language: FunctionLanguage;
  readonly source: string;
  readonly triggers: FunctionTriggers;
  readonly settings: FunctionSettings;
}

/** One function as a document may state it: what a create takes, parts left out defaulted. */
export type FunctionDocumentInput = FunctionInput;

/** The parts of a function an update can change; source and language make a new version. */
export const FUNCTION_PARTS = ['description', 'language', 'source', 'triggers', 'settings'] as const;
export type FunctionPart = (typeof FUNCTION_PARTS)[number];

export const FUNCTION_ACTION_TYPES = ['create', 'update', 'delete'] as const;
export type FunctionActionType = (typeof FUNCTION_ACTION_TYPES)[number];

export interface FunctionAction {
  readonly type: FunctionActionType;
  readonly name: string;
  /** What an update changes; every part for a create, none for a delete. */
  readonly changes: readonly FunctionPart[];
  /** A version is deployed: a create, or a new source or language. */
  readonly new_version: boolean;
  /** A delete: the function, its versions and its invocation log go. */
  readonly destructive: boolean;
  readonly description: string;
}

interface Step {
  readonly action: FunctionAction;
  /** What a create or an update deploys. */
  readonly wanted?: FunctionDocument;
}

/** The checked actions a document's functions need here, in the order they run. */
export class FunctionsPlan {
  static readonly EMPTY = new FunctionsPlan([]);

  constructor(readonly steps: readonly Step[]) {}

  get actions(): FunctionAction[] {
    return this.steps.map((step) => step.action);
  }
}

export function functionDocumentOf(view: FunctionView): FunctionDocument {
  return {
    name: view.name,
    description: view.description,
    language: view.version.language,
    source: view.version.source,
    triggers: view.triggers,
    settings: view.settings,
  };
}

function changedParts(current: FunctionDocument, wanted: FunctionDocument): FunctionPart[] {
  return FUNCTION_PARTS.filter((part) => !isDeepStrictEqual(current[part], wanted[part]));
}

function describeAction(type: FunctionActionType, name: string, changes: readonly FunctionPart[], newVersion: boolean) {
  if (type === 'create') return `create function "${name}" and deploy its first version`;
  if (type === 'delete') return `delete function "${name}" with its versions and invocation log`;
  return `update function "${name}": ${changes.join(', ')}${newVersion ? ' (deploys a new version)' : ''}`;
}

function step(type: FunctionActionType, name: string, changes: readonly FunctionPart[], wanted?: FunctionDocument) {
  const newVersion = type === 'create' || changes.includes('source') || changes.includes('language');
  const description = describeAction(type, name, changes, newVersion);
  return {
    action: { type, name, changes, new_version: newVersion, destructive: type === 'delete', description },
    wanted,
  };
}

/**
 * What makes the deployed functions equal the wanted ones: creates and updates by name, then
 * deletes of the functions the document leaves out. Both lists hold checked documents.
 */
export function functionActions(current: readonly FunctionDocument[], wanted: readonly FunctionDocument[]): Step[] {
  const byName = new Map(current.map((fn) => [fn.name, fn]));
  const wantedNames = new Set(wanted.map((fn) => fn.name));
  const byNameOrder = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const changes = [...wanted].sort(byNameOrder).flatMap((fn): Step[] => {
    const existing = byName.get(fn.name);
    if (!existing) return [step('create', fn.name, FUNCTION_PARTS, fn)];
    const parts = changedParts(existing, fn);
    return parts.length === 0 ? [] : [step('update', fn.name, parts, fn)];
  });
  const deletes = [...current]
    .filter((fn) => !wantedNames.has(fn.name))
    .sort(byNameOrder)
    .map((fn) => step('delete', fn.name, []));
  return [...changes, ...deletes];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const absentOr = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);
const nullableString = (value: unknown): boolean => value === null || typeof value === 'string';

function triggerShapeProblems(triggers: Record<string, unknown>): FieldError[] {
  const recordTriggers = (value: unknown, withCondition: boolean): boolean =>
    Array.isArray(value) &&
    value.every(
      (item) =>
        isRecord(item) &&
        typeof item.collection === 'string' &&
        isStringList(item.on) &&
        (!withCondition || absentOr(item.condition, nullableString)),
    );
  const checks: [boolean, string, string][] = [
    [
      absentOr(triggers.http, (http) => isRecord(http) && nullableString(http.rule)),
      'http',
      '{ "rule": string | null }',
    ],
    [
      absentOr(triggers.events, (list) => recordTriggers(list, true)),
      'events',
      'a list of { collection, on, condition }',
    ],
    [
      absentOr(triggers.before_write, (list) => recordTriggers(list, false)),
      'before_write',
      'a list of { collection, on }',
    ],
    [
      absentOr(
        triggers.schedule,
        (schedule) =>
          isRecord(schedule) && typeof schedule.cron === 'string' && absentOr(schedule.timezone, nullableString),
      ),
      'schedule',
      '{ "cron": string, "timezone": string | null }',
    ],
  ];
  return checks.flatMap(([ok, field, what]) => (ok ? [] : [typeProblem(`triggers.${field}`, what)]));
}

function settingsShapeProblems(settings: Record<string, unknown>): FieldError[] {
  const checks: [boolean, string, string][] = [
    [absentOr(settings.timeout_ms, Number.isInteger), 'timeout_ms', 'a whole number'],
    [absentOr(settings.memory_mb, Number.isInteger), 'memory_mb', 'a whole number'],
    [absentOr(settings.secrets, isStringList), 'secrets', 'a list of secret names'],
    [absentOr(settings.run_as_admin, (value) => typeof value === 'boolean'), 'run_as_admin', 'true or false'],
    [absentOr(settings.allowed_hosts, isStringList), 'allowed_hosts', 'a list of host names'],
  ];
  return checks.flatMap(([ok, field, what]) => (ok ? [] : [typeProblem(`settings.${field}`, what)]));
}

/** "Timeout ms in settings must be a whole number.": `what` is what the value must be. */
function typeProblem(field: string, what: string): FieldError {
  return { field, code: 'type', message: fieldSentence(field, `must be ${what}`) };
}

/** Types a hand-written document (the CLI reads files) may get wrong; the API's DTOs refuse them first. */
function shapeProblems(input: unknown): FieldError[] {
  if (!isRecord(input)) {
    return [{ field: '', code: 'type', message: 'A function must be an object with a name and a source.' }];
  }
  const checks: [boolean, string, string][] = [
    [typeof input.name === 'string', 'name', 'text'],
    [typeof input.source === 'string', 'source', 'text'],
    [absentOr(input.description, nullableString), 'description', 'text or null'],
    [
      absentOr(input.language, (value) => FUNCTION_LANGUAGES.includes(value as FunctionLanguage)),
      'language',
      `one of ${FUNCTION_LANGUAGES.join(', ')}`,
    ],
    [absentOr(input.triggers, isRecord), 'triggers', 'an object'],
    [absentOr(input.settings, isRecord), 'settings', 'an object'],
  ];
  return [
    ...checks.flatMap(([ok, field, what]) => (ok ? [] : [typeProblem(field, what)])),
    ...(isRecord(input.triggers) ? triggerShapeProblems(input.triggers) : []),
    ...(isRecord(input.settings) ? settingsShapeProblems(input.settings) : []),
  ];
}

/** The field errors of a 400 from a check (compile, triggers, settings); anything else is rethrown. */
function problemsOf(error: unknown): { errors: FieldError[]; compile: unknown[] } {
  if (!(error instanceof AppException) || error.code !== ErrorCode.ValidationFailed) throw error;
  const compile = error.options.extensions?.compile_errors;
  return { errors: [...(error.options.errors ?? [])], compile: Array.isArray(compile) ? compile : [] };
}

function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, item]) => item !== undefined)) as Partial<T>;
}

@Injectable()
export class FunctionsDocumentService {
  constructor(
    private readonly functions: FunctionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every function, by name, as a document lists it. */
  async snapshot(): Promise<FunctionDocument[]> {
    const documents = (await this.functions.list()).map(functionDocumentOf);
    return documents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Checks every function of a document and plans what applying it does here; a 400 lists every
   * problem with its path (`functions[2].source`). Triggers are checked against `collections`,
   * the schema the document makes; without it (the collections are invalid) they are not.
   * No `functions` in the document: nothing to do, whatever is deployed.
   */
  async plan(
    functions: readonly FunctionDocumentInput[] | undefined,
    collections: readonly CollectionDefinition[] | undefined,
  ): Promise<FunctionsPlan> {
    if (functions === undefined) return FunctionsPlan.EMPTY;
    const schema = collections && compiledSchemaFor(createSnapshot(0, structuredClone([...collections])));
    const errors: FieldError[] = [];
    const compileErrors: unknown[] = [];
    const seen = new Set<string>();
    const wanted: FunctionDocument[] = [];
    for (const [index, input] of functions.entries()) {
      const at = (field: string) => `functions[${index}]${field ? `.${field}` : ''}`;
      const found = await this.checked(input, schema);
      const name: unknown = (input as { name?: unknown }).name;
      if (typeof name === 'string' && seen.has(name)) {
        found.errors.push({ field: 'name', code: 'duplicate', message: `"${name}" is listed more than once.` });
      }
      if (typeof name === 'string') seen.add(name);
      errors.push(...found.errors.map((error) => ({ ...error, field: at(error.field) })));
      compileErrors.push(...found.compile);
      if (found.document) wanted.push(found.document);
    }
    if (errors.length > 0) {
      throw new AppException(
        ErrorCode.ValidationFailed,
        `Some functions are not valid: check ${[...new Set(errors.map((error) => error.field))].join(', ')}.`,
        { errors, extensions: compileErrors.length > 0 ? { compile_errors: compileErrors } : undefined },
      );
    }
    // Without the schema the triggers went unchecked; the caller refuses the collections' problems.
    if (!schema) return FunctionsPlan.EMPTY;
    const current = (await this.functions.list()).map(functionDocumentOf);
    return new FunctionsPlan(functionActions(current, wanted));
  }

  /** One function checked as FunctionsService would deploy it; every problem, not the first. */
  private async checked(
    input: FunctionDocumentInput,
    schema: CompiledSchema | undefined,
  ): Promise<{ errors: FieldError[]; compile: unknown[]; document?: FunctionDocument }> {
    const shape = shapeProblems(input);
    if (shape.length > 0) return { errors: shape, compile: [] };
    const errors: FieldError[] = [];
    const compile: unknown[] = [];
    const attempt = async <T>(check: () => T | Promise<T>): Promise<T | undefined> => {
      try {
        return await check();
      } catch (error) {
        const found = problemsOf(error);
        errors.push(...found.errors);
        compile.push(...found.compile);
        return undefined;
      }
    };
    if (!FUNCTION_NAME.test(input.name)) {
      errors.push({ field: 'name', code: 'pattern', message: FUNCTION_NAME_MESSAGE });
    }
    const language = input.language ?? 'typescript';
    await attempt(() => compileSource(input.name, language, input.source));
    const settings = await attempt(() =>
      checkedSettings({ ...DEFAULT_SETTINGS, ...withoutUndefined(input.settings) }, this.config.functions),
    );
    const triggers = schema && (await attempt(() => checkedTriggers(input.triggers ?? {}, schema)));
    if (errors.length > 0 || !settings || !triggers) return { errors, compile };
    const document = { name: input.name, description: input.description ?? null, language, source: input.source };
    return { errors, compile, document: { ...document, triggers, settings } };
  }

  /** Runs a checked plan: each deploy is atomic, and they run one after another. */
  async run(plan: FunctionsPlan, actor: SchemaActor): Promise<void> {
    const createdBy = actor.kind === 'user' ? actor.id : null;
    for (const { action, wanted } of plan.steps) {
      switch (action.type) {
        case 'create':
          if (wanted) await this.functions.create(wanted, createdBy);
          break;
        case 'update':
          if (wanted) await this.functions.update(action.name, changesOf(action.changes, wanted), createdBy);
          break;
        case 'delete':
          await this.functions.delete(action.name).catch((error: unknown) => {
            // Deleted meanwhile: what the document wants.
            if (!(error instanceof AppException && error.code === ErrorCode.NotFound)) throw error;
          });
          break;
      }
    }
  }
}

/** Only the parts that changed, so an unchanged source deploys no version. */
function changesOf(parts: readonly FunctionPart[], wanted: FunctionDocument): FunctionChanges {
  const has = (part: FunctionPart) => parts.includes(part);
  return {
    ...(has('description') && { description: wanted.description }),
    ...(has('language') && { language: wanted.language }),
    ...(has('source') && { source: wanted.source }),
    ...(has('triggers') && { triggers: wanted.triggers }),
    ...(has('settings') && { settings: wanted.settings }),
  };
}
