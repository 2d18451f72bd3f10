// Schema as code with functions: one document holds the collections and the functions, so both
// move between environments together (GET /schema/snapshot, POST /schema/diff and /schema/apply,
// `stagecraft schema`). Everything is checked before anything changes: the collections by a dry
// run of their change, the functions against the collections the document makes. Then the
// collections change in one transaction and the functions deploy after them. This lives with
// functions because functions depend on collections, never the other way round.

import { Injectable } from '@nestjs/common';
import {
  CollectionsService,
  type ChangeOptions,
  type PlannedAction,
  type SchemaActor,
  type SchemaChangeOutcome,
  type SchemaDocument,
} from '@stagecraft/collections';
import { AppException, ErrorCode } from '@stagecraft/core';
import {
  FunctionsDocumentService,
  type FunctionAction,
  type FunctionDocument,
  type FunctionDocumentInput,
  type FunctionsPlan,
} from './functions-document.js';

export interface SchemaDocumentInput extends SchemaDocument {
  /** Absent: the functions stay as they are (documents from before functions were part of them). */
  readonly functions?: readonly FunctionDocumentInput[];
}

export interface FullSchemaSnapshot extends SchemaDocument {
  readonly functions: FunctionDocument[];
}

export interface SchemaPlanOutcome extends SchemaChangeOutcome<null> {
  /** What the document's functions need here (or needed), in the order they run. */
  readonly functions: FunctionAction[];
}

const isValidationProblem = (error: AppException | undefined): error is AppException =>
  error?.code === ErrorCode.ValidationFailed;

/** One 400 for the whole document: the collections' problems, then the functions'. */
function together(collections: AppException | undefined, functions: AppException): AppException {
  if (!collections) return functions;
  return new AppException(ErrorCode.ValidationFailed, `${collections.detail} ${functions.detail}`, {
    errors: [...(collections.options.errors ?? []), ...(functions.options.errors ?? [])],
    extensions: { ...collections.options.extensions, ...functions.options.extensions },
  });
}

/** The 409 of a plan that drops data (collections, fields, values or functions) without allow_destructive. */
function refuseDestructive(collections: readonly PlannedAction[], functions: readonly FunctionAction[]): void {
  const drops = collections.filter((action) => action.destructive);
  const deletes = functions.filter((action) => action.destructive);
  if (drops.length === 0 && deletes.length === 0) return;
  const described = [...drops, ...deletes].map((action) => action.description).join('; ');
  throw new AppException(
    ErrorCode.Conflict,
    `The change drops data (${described}); confirm it with allow_destructive.`,
    { extensions: { actions: drops, functions: deletes } },
  );
}

@Injectable()
export class SchemaDocumentService {
  constructor(
    private readonly collections: CollectionsService,
    private readonly functions: FunctionsDocumentService,
  ) {}

  async snapshot(): Promise<FullSchemaSnapshot> {
    const [schema, functions] = await Promise.all([this.collections.snapshot(), this.functions.snapshot()]);
    return { ...schema, functions };
  }

  /** The plan that applying the document would run here; nothing is applied. */
  async diff(document: SchemaDocumentInput, actor: SchemaActor): Promise<SchemaPlanOutcome> {
    const { preview, plan } = await this.check(document, actor);
    return { ...preview, functions: plan.actions };
  }

  /** Makes the schema and the functions equal the document; applying it twice changes nothing. */
  async apply(
    document: SchemaDocumentInput,
    options: ChangeOptions & { allowDestructive?: boolean },
  ): Promise<SchemaPlanOutcome> {
    if (document.functions === undefined) {
      return { ...(await this.collections.apply(document, options)), functions: [] };
    }
    const { preview, plan } = await this.check(document, options.actor);
    if (!options.allowDestructive) refuseDestructive(preview.actions, plan.actions);
    if (options.dryRun) return { ...preview, functions: plan.actions };
    const outcome = await this.collections.apply(document, { ...options, dryRun: false });
    await this.functions.run(plan, options.actor);
    return { ...outcome, functions: plan.actions };
  }

  /** The collections' dry run and the functions' plan, or one 400 with every problem of both. */
  private async check(
    document: SchemaDocumentInput,
    actor: SchemaActor,
  ): Promise<{ preview: SchemaChangeOutcome<null>; plan: FunctionsPlan }> {
    let preview: SchemaChangeOutcome<null> | undefined;
    let refused: AppException | undefined;
    try {
      preview = await this.collections.diff(document, actor);
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
      refused = error;
    }
    // Past validation (a 409 comes after it), the document's collections are the schema to be.
    const schemaKnown = !isValidationProblem(refused);
    let plan: FunctionsPlan;
    try {
      plan = await this.functions.plan(document.functions, schemaKnown ? document.collections : undefined);
    } catch (error) {
      if (!(error instanceof AppException) || !isValidationProblem(error)) throw error;
      throw together(schemaKnown ? undefined : refused, error);
    }
    if (refused) throw refused;
    if (!preview) throw new Error('The dry run of the collections returned nothing');
    return { preview, plan };
  }
}
