// Admin use cases of functions: create (the first deploy), change (a new source is a new
// version; settings and triggers change in place), delete, list versions and restore one.
// Source is compiled before any write, so a deploy that does not compile changes nothing, and
// a deploy is one transaction: the new version and the switch to it commit together.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { SchemaCacheService } from '@stagecraft/collections';
import { AppException, ErrorCode, type FieldError, uuidV7 } from '@stagecraft/core';
import { compiledSchemaFor } from '@stagecraft/records';
import { compileSource, type FunctionLanguage } from './compile-source.js';
import { checkedTriggers, type TriggersInput } from './function-triggers.js';
import { checkedSettings } from './function-settings.js';
import {
  DEFAULT_SETTINGS,
  type FunctionSettings,
  type FunctionTriggers,
  type FunctionVersionView,
  type FunctionView,
} from './function.types.js';
import { DeployedFunctions } from './deployed-functions.js';
import { FunctionsRepository, toView, type DeployedFunction } from './functions.repository.js';

export const FUNCTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
export const FUNCTION_NAME_MESSAGE =
  'Name must be 1 to 63 lower-case letters, digits, - and _, starting with a letter.';
const MAX_VERSION = 2_147_483_647;

export interface FunctionInput {
  readonly name: string;
  readonly description?: string | null;
  readonly language?: FunctionLanguage;
  readonly source: string;
  readonly triggers?: TriggersInput;
  readonly settings?: Partial<FunctionSettings>;
}

export interface FunctionChanges {
  readonly description?: string | null;
  readonly language?: FunctionLanguage;
  readonly source?: string;
  readonly triggers?: TriggersInput;
  readonly settings?: Partial<FunctionSettings>;
}

const notFound = (name: string): AppException =>
  new AppException(ErrorCode.NotFound, `No function is named "${name}".`);

@Injectable()
export class FunctionsService {
  constructor(
    private readonly repository: FunctionsRepository,
    private readonly cache: DeployedFunctions,
    private readonly schemaCache: SchemaCacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<FunctionView[]> {
    return (await this.repository.list()).map(toView);
  }

  /** Admin reads and changes read PostgreSQL; only calls use the cache. */
  async get(name: string): Promise<FunctionView> {
    return toView(await this.stored(name));
  }

  private async stored(name: string): Promise<DeployedFunction> {
    const found = FUNCTION_NAME.test(name) ? await this.repository.findByName(name) : undefined;
    if (!found) throw notFound(name);
    return found;
  }

  /** The function with its deployed module, for the runner (from this process's cache). */
  async deployed(name: string): Promise<DeployedFunction> {
    const found = FUNCTION_NAME.test(name) ? await this.cache.find(name) : undefined;
    if (!found) throw notFound(name);
    return found;
  }

  async create(input: FunctionInput, createdBy: string | null): Promise<FunctionView> {
    if (!FUNCTION_NAME.test(input.name)) {
      throw invalid([{ field: 'name', code: 'pattern', message: FUNCTION_NAME_MESSAGE }]);
    }
    const settings = this.checkedSettings({ ...DEFAULT_SETTINGS, ...input.settings });
    const triggers = await this.checkedTriggers(input.triggers ?? {});
    const language = input.language ?? 'typescript';
    const compiled = await compileSource(input.name, language, input.source);
    const id = uuidV7();
    try {
      await this.repository.transaction(async (db) => {
        await this.repository.insertFunction(db, {
          id,
          name: input.name,
          description: input.description ?? null,
          triggers,
          settings,
          createdBy,
        });
        await this.repository.deployVersion(
          db,
          id,
          { id: uuidV7(), language, source: input.source, compiled, restoredFrom: null },
          createdBy,
        );
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new AppException(ErrorCode.Conflict, `A function named "${input.name}" already exists.`);
      }
      throw error;
    }
    await this.cache.changed(input.name);
    return this.get(input.name);
  }

  async update(name: string, changes: FunctionChanges, createdBy: string | null): Promise<FunctionView> {
    const current = await this.stored(name);
    const settings =
      changes.settings === undefined ? undefined : this.checkedSettings({ ...current.settings, ...changes.settings });
    const triggers = changes.triggers === undefined ? undefined : await this.checkedTriggers(changes.triggers);
    const language = changes.language ?? current.version.language;
    const redeploy = changes.source !== undefined || language !== current.version.language;
    const source = changes.source ?? current.version.source;
    const compiled = redeploy ? await compileSource(name, language, source) : undefined;
    await this.repository.transaction(async (db) => {
      const locked = await this.repository.findByName(name, db, true);
      if (!locked) throw notFound(name);
      await this.repository.updateFunction(db, locked.id, { description: changes.description, triggers, settings });
      if (compiled !== undefined) {
        await this.repository.deployVersion(
          db,
          locked.id,
          { id: uuidV7(), language, source, compiled, restoredFrom: null },
          createdBy,
        );
      }
    });
    await this.cache.changed(name);
    return this.get(name);
  }

  async delete(name: string): Promise<void> {
    if (!FUNCTION_NAME.test(name) || !(await this.repository.delete(name))) throw notFound(name);
    await this.cache.changed(name);
  }

  async versions(name: string): Promise<FunctionVersionView[]> {
    return this.repository.versions((await this.stored(name)).id);
  }

  /** Deploys an earlier version again, as a new version that names where it came from. */
  async restore(name: string, number: number, createdBy: string | null): Promise<FunctionView> {
    const noSuchVersion = new AppException(ErrorCode.NotFound, `The function "${name}" has no version ${number}.`);
    // Version numbers are int4 in the table: anything outside can only be missing.
    if (!Number.isInteger(number) || number < 1 || number > MAX_VERSION) throw noSuchVersion;
    await this.repository.transaction(async (db) => {
      const locked = await this.repository.findByName(name, db, true);
      if (!locked) throw notFound(name);
      const version = await this.repository.version(db, locked.id, number);
      if (!version) throw noSuchVersion;
      await this.repository.deployVersion(
        db,
        locked.id,
        {
          id: uuidV7(),
          language: version.language,
          source: version.source,
          compiled: version.compiled,
          restoredFrom: number,
        },
        createdBy,
      );
    });
    await this.cache.changed(name);
    return this.get(name);
  }

  private checkedSettings(settings: FunctionSettings): FunctionSettings {
    return checkedSettings(settings, this.config.functions);
  }

  private async checkedTriggers(triggers: TriggersInput): Promise<FunctionTriggers> {
    return checkedTriggers(triggers, compiledSchemaFor(await this.schemaCache.current()));
  }
}

function invalid(errors: FieldError[]): AppException {
  return new AppException(ErrorCode.ValidationFailed, 'The function is not valid.', { errors });
}
