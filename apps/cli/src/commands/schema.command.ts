// `stagecraft schema export [FILE] | diff FILE | apply FILE [--allow-destructive] [--dry-run]`:
// schema as code from the command line, through the same engine as /api/v1/schema.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { CollectionsService, type PlannedAction, type SchemaDocument } from '@stagecraft/collections';
import { loadConfigOrExit, type AppConfig } from '@stagecraft/config';
import { AppException } from '@stagecraft/core';
import { CliModule } from '../cli.module.js';
import { withCliDatabase } from './cli-database.js';

const USAGE = 'Usage: stagecraft schema export [FILE] | diff FILE | apply FILE [--allow-destructive] [--dry-run]';
const CLI_ACTOR = { kind: 'cli', id: null } as const;

async function readDocument(file: string | undefined): Promise<SchemaDocument> {
  if (!file) throw new Error(USAGE);
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<SchemaDocument>;
  if (parsed.format !== 1 || !Array.isArray(parsed.collections)) {
    throw new Error(`${file} is not a schema document (expected {"format": 1, "collections": [...]})`);
  }
  return parsed as SchemaDocument;
}

function printPlan(actions: PlannedAction[], verb: string): void {
  if (actions.length === 0) {
    process.stdout.write('No changes: the schema already matches.\n');
    return;
  }
  for (const action of actions) {
    process.stdout.write(`${action.destructive ? '!' : '-'} ${action.description}\n    ${action.sql};\n`);
  }
  process.stdout.write(`${actions.length} action(s) ${verb}.\n`);
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
  document: SchemaDocument | undefined,
  values: { 'allow-destructive'?: boolean; 'dry-run'?: boolean },
): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const collections = app.get(CollectionsService);
    if (verb === 'export') {
      const json = `${JSON.stringify(await collections.snapshot(), null, 2)}\n`;
      if (file) await writeFile(file, json);
      else process.stdout.write(json);
    } else if (verb === 'diff') {
      printPlan((await collections.diff(document as SchemaDocument, CLI_ACTOR)).actions, 'would run');
    } else {
      const outcome = await collections.apply(document as SchemaDocument, {
        actor: CLI_ACTOR,
        dryRun: values['dry-run'] ?? false,
        allowDestructive: values['allow-destructive'] ?? false,
      });
      printPlan(
        outcome.actions,
        outcome.applied ? `applied (schema version ${outcome.version})` : 'planned, nothing applied',
      );
    }
  } catch (error) {
    throw error instanceof AppException ? explain(error) : error;
  } finally {
    await app.close();
  }
}
