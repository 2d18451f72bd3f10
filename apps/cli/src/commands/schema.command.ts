// `stagecraft schema export [FILE] | diff FILE | apply FILE [--allow-destructive] [--dry-run]`:
// schema as code (collections and functions) from the command line, through the same service
// as /api/v1/schema.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { PlannedAction } from '@stagecraft/collections';
import { loadConfigOrExit, type AppConfig } from '@stagecraft/config';
import { AppException } from '@stagecraft/core';
import { SchemaDocumentService, type FunctionAction, type SchemaDocumentInput } from '@stagecraft/functions';
import { CliModule } from '../cli.module.js';
import { withCliDatabase } from './cli-database.js';

const USAGE = 'Usage: stagecraft schema export [FILE] | diff FILE | apply FILE [--allow-destructive] [--dry-run]';
const CLI_ACTOR = { kind: 'cli', id: null } as const;

async function readDocument(file: string | undefined): Promise<SchemaDocumentInput> {
  if (!file) throw new Error(USAGE);
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Record<keyof SchemaDocumentInput, unknown>>;
  if (parsed.format !== 1 || !Array.isArray(parsed.collections)) {
    throw new Error(`${file} is not a schema document (expected {"format": 1, "collections": [...]})`);
  }
  if (parsed.functions !== undefined && !Array.isArray(parsed.functions)) {
    throw new Error(`${file}: "functions" must be a list (or be left out to leave functions as they are)`);
  }
  return parsed as unknown as SchemaDocumentInput;
}

function printPlan(actions: readonly PlannedAction[], functions: readonly FunctionAction[], verb: string): void {
  if (actions.length === 0 && functions.length === 0) {
    process.stdout.write('No changes: the schema and the functions already match.\n');
    return;
  }
  for (const action of actions) {
    process.stdout.write(`${action.destructive ? '!' : '-'} ${action.description}\n    ${action.sql};\n`);
  }
  for (const action of functions) process.stdout.write(`${action.destructive ? '!' : '-'} ${action.description}\n`);
  process.stdout.write(`${actions.length + functions.length} action(s) ${verb}.\n`);
}

function explain(error: AppException): Error {
  const details = error.options.errors?.map((e) => `  ${e.field}: ${e.message}`).join('\n');
  return new Error(details ? `${error.detail}\n${details}` : error.detail, { cause: error });
}

export async function schemaCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'allow-destructive': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  const [verb, file] = positionals;
  if (verb !== 'export' && verb !== 'diff' && verb !== 'apply') throw new Error(USAGE);
  const document = verb === 'export' ? undefined : await readDocument(file);

  await withCliDatabase(loadConfigOrExit(), (config) => runSchemaVerb(config, verb, file, document, values));
}

async function runSchemaVerb(
  config: AppConfig,
  verb: 'export' | 'diff' | 'apply',
  file: string | undefined,
  document: SchemaDocumentInput | undefined,
  values: { 'allow-destructive'?: boolean; 'dry-run'?: boolean },
): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const documents = app.get(SchemaDocumentService);
    if (verb === 'export') {
      const json = `${JSON.stringify(await documents.snapshot(), null, 2)}\n`;
      if (file) await writeFile(file, json);
      else process.stdout.write(json);
    } else if (verb === 'diff') {
      const plan = await documents.diff(document as SchemaDocumentInput, CLI_ACTOR);
      printPlan(plan.actions, plan.functions, 'would run');
    } else {
      const dryRun = values['dry-run'] ?? false;
      const outcome = await documents.apply(document as SchemaDocumentInput, {
        actor: CLI_ACTOR,
        dryRun,
        allowDestructive: values['allow-destructive'] ?? false,
      });
      const applied = outcome.applied
        ? `applied (schema version ${outcome.version})`
        : dryRun
          ? 'planned, nothing applied'
          : 'applied';
      printPlan(outcome.actions, outcome.functions, applied);
    }
  } catch (error) {
    throw error instanceof AppException ? explain(error) : error;
  } finally {
    await app.close();
  }
}
