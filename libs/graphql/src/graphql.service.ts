// The GraphQL-over-HTTP handler (graphql-http, the spec's reference server) over the schema of
// the current schema version. Each request captures the compiled schema once: its GraphQL
// schema (built on first use and shared until the next version, so a change is served by the
// next request with no restart), its rules and its collections all come from that one
// version. Errors carry the REST problem codes in `extensions.code` and never a stack. A
// document that runs compiled already is answered without graphql-http (`answer`).

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { SchemaCacheService } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { PreparedStatements } from '@stagecraft/database';
import { compiledSchemaFor, RecordsService, type CompiledSchema } from '@stagecraft/records';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import {
  assertValidSchema,
  execute,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type Source,
  type ValidationRule,
} from 'graphql';
import { createHandler, type Handler, type Request, type Response } from 'graphql-http';
import { GraphqlResolvers, type GraphqlContext } from './graphql-resolvers.js';
import { headerOf, resultResponse, responseTypeFor, successResponse, wellFormedPost } from './http-answers.js';
import { limitRule } from './limits.js';
import { buildGraphqlSchema } from './schema-builder.js';

/** What one HTTP request brings: who calls, and the schema version it is served from. */
export interface GraphqlRequestContext {
  readonly principal: Principal | undefined;
  readonly compiled: CompiledSchema;
}

/** Where subscriptions are served (graphql-ws); graphql-http refuses them with the message below. */
export const SUBSCRIPTIONS_PATH = '/api/v1/graphql/ws';
const HTTP_SUBSCRIPTION_REFUSAL = 'Subscriptions are not supported';

/** Tokens a document may have: bounds the parse of a hostile one before any rule sees it. */
const MAX_TOKENS = 20_000;
/**
 * Documents kept parsed, by their text: clients send the same few shapes over and over, and a
 * parse plus the standard validation cost more than running a small query. Long texts are not
 * kept, so the cache holds at most DOCUMENTS_KEPT × DOCUMENT_KEPT_MAX_CHARS characters.
 */
const DOCUMENTS_KEPT = 500;
const DOCUMENT_KEPT_MAX_CHARS = 10_000;

type PromiseOrValue<T> = T | Promise<T>;
/** An operation's context, with the count of the statements it ran. */
type OperationContext = GraphqlContext & { readonly statements: { count: number } } & Record<PropertyKey, unknown>;
/** A compiled execution, the errors its compilation found, or how often it ran before being compiled. */
type Execution = CompiledQuery | ExecutionResult | number;
/** The run of a document (on one schema version) that compiles it. */
const COMPILE_AFTER_RUNS = 3;

/** Observes each operation (how many SQL statements it ran) and each schema build. */
export interface GraphqlObserver {
  operation?(operation: { readonly statements: number; readonly ok: boolean }): void;
  schemaBuilt?(build: { readonly collections: number; readonly milliseconds: number }): void;
}

@Injectable()
export class GraphqlService {
  private readonly logger = new Logger('GraphQL');
  private readonly schemas = new WeakMap<CompiledSchema, GraphQLSchema>();
  private readonly resolvers: GraphqlResolvers;
  private readonly limits: ValidationRule;
  /** The standard rules, and the one refusing introspection where it is off. */
  private readonly rules: readonly ValidationRule[];
  private readonly observers: GraphqlObserver[] = [];
  private readonly documents = new Map<string, DocumentNode>();
  /** Documents the parse cache holds: only those are worth compiling. */
  private readonly kept = new WeakSet<DocumentNode>();
  /** Compiled executions (graphql-jit) per schema, kept document and operation name. */
  private readonly executions = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Execution>>>();
  /** Validation results per schema and parsed document: both are shared objects, so this is exact. */
  private readonly validated = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>();
  private readonly handler: Handler<unknown, GraphqlRequestContext>;

  constructor(
    private readonly cache: SchemaCacheService,
    private readonly statements: PreparedStatements,
    records: RecordsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.resolvers = new GraphqlResolvers(records);
    this.limits = limitRule(config.graphql);
    this.rules = config.graphql.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
    this.handler = createHandler<unknown, GraphqlRequestContext, GraphqlContext & Record<PropertyKey, unknown>>({
      schema: (request) => this.schemaFor(request.context.compiled),
      context: (request) => this.operationContext(request.context),
      parse: (source) => this.parse(source),
      validate: (schema, document) => this.validate(schema, document),
      execute: (args) => this.execute(args),
      onOperation: (request, args, result) => {
        const ok = this.observeOperation(args.contextValue as OperationContext | undefined, result);
        // graphql-http serialises with a replacer, called for every key of the answer, only to
        // hide the stack of a stray Error; an answer without errors has none, so it is sent as is.
        // (It has answered 406 before running anything where no response type is acceptable.)
        const type = responseTypeFor(headerOf(request.headers, 'accept'));
        if (ok && type !== undefined && !isAsyncIterable(result)) return successResponse(result, type);
        return undefined;
      },
      formatError: (error) => this.formatError(error),
    });
  }

  /**
   * Answers a GraphQL-over-HTTP request. A well-formed POST of a document that runs compiled
   * already (the steady state of a client sending its few documents) is run here, as
   * graphql-http would run it but without its work per request (the headers parsed again,
   * half a dozen awaits, the rules copied); every other request goes through graphql-http.
   */
  answer(request: Request<unknown, GraphqlRequestContext>): Promise<Response> {
    return this.answerCompiled(request) ?? this.handler(request);
  }

  private answerCompiled(request: Request<unknown, GraphqlRequestContext>): Promise<Response> | undefined {
    const params = wellFormedPost(request.method, headerOf(request.headers, 'content-type'), request.body);
    if (!params) return undefined;
    const type = responseTypeFor(headerOf(request.headers, 'accept'));
    const document = this.documents.get(params.query);
    if (type === undefined || document === undefined) return undefined;
    const schema = this.schemaFor(request.context.compiled);
    if (this.validated.get(schema)?.get(document)?.length !== 0) return undefined;
    // Only documents graphql-http ran (so they are queries or mutations) get compiled.
    const compiled = this.executions
      .get(schema)
      ?.get(document)
      ?.get(params.operationName ?? '');
    if (compiled === undefined || typeof compiled === 'number' || !isCompiledQuery(compiled)) return undefined;
    const context = this.operationContext(request.context);
    return Promise.resolve(compiled.query(undefined, context, params.variables)).then((result) =>
      this.observeOperation(context, result)
        ? successResponse(result, type)
        : resultResponse(result, type, (error) => this.formatError(error)),
    );
  }

  /** Tells the observers of an operation's end; whether it ran without errors. */
  private observeOperation(context: OperationContext | undefined, result: ExecutionResult): boolean {
    const statements = context?.statements.count ?? 0;
    const ok = !result.errors?.length;
    for (const observer of this.observers) observer.operation?.({ statements, ok });
    return ok;
  }

  /** The schema version requests are served from now. */
  currentSchema(): Promise<CompiledSchema> {
    // Nearly always the snapshot held is current: no promise to wait on but this one.
    const held = this.cache.currentIfHeld();
    return held ? Promise.resolve(compiledSchemaFor(held)) : this.cache.current().then(compiledSchemaFor);
  }

  /** The GraphQL schema of a schema version: built once, then shared. */
  schemaFor(compiled: CompiledSchema): GraphQLSchema {
    let schema = this.schemas.get(compiled);
    if (!schema) {
      const started = performance.now();
      const built = buildGraphqlSchema(compiled, this.resolvers);
      schema = built.schema;
      for (const { field, collection, keptBy } of built.omitted) {
        this.logger.warn(
          `GraphQL field "${field}" of collection "${collection}" is left out: "${keptBy}" has a field of that name. Rename one of the collections to reach it.`,
        );
      }
      // Checked now, once, rather than by the first operation that runs on it.
      assertValidSchema(schema);
      const milliseconds = performance.now() - started;
      for (const observer of this.observers)
        observer.schemaBuilt?.({ collections: compiled.collections.size, milliseconds });
      this.schemas.set(compiled, schema);
    }
    return schema;
  }

  /** A document parsed, or the syntax error (kept: clients send the same few texts). */
  parse(source: string | Source): DocumentNode {
    const text = typeof source === 'string' ? source : source.body;
    const known = this.documents.get(text);
    if (known) return known;
    const document = parse(text, { maxTokens: MAX_TOKENS });
    if (text.length <= DOCUMENT_KEPT_MAX_CHARS) {
      if (this.documents.size >= DOCUMENTS_KEPT) this.documents.delete(this.documents.keys().next().value as string);
      this.documents.set(text, document);
      this.kept.add(document);
    }
    return document;
  }

  /**
   * The limits first and alone: a hostile document is refused before the standard rules,
   * some of which cost the square of its size, ever walk it. The rules are the same for every
   * request of this process, so a document's result on a schema is kept.
   */
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
    let bySchema = this.validated.get(schema);
    if (!bySchema) {
      bySchema = new WeakMap();
      this.validated.set(schema, bySchema);
    }
    let errors = bySchema.get(document);
    if (!errors) {
      const refused = validate(schema, document, [this.limits]);
      errors = refused.length > 0 ? refused : validate(schema, document, this.rules);
      bySchema.set(document, errors);
    }
    return errors;
  }

  /**
   * Runs a query or mutation. A document clients send again and again runs compiled: graphql-jit
   * turns it, once per schema version, into a function without graphql-js's per-field
   * interpretation. Compiling costs more than running once, so a document is compiled on its
   * COMPILE_AFTER_RUNS-th run: a stream of one-off documents never makes the server compile.
   */
  execute(args: ExecutionArgs): PromiseOrValue<ExecutionResult> {
    if (!this.kept.has(args.document)) return execute(args);
    let byDocument = this.executions.get(args.schema);
    if (!byDocument) {
      byDocument = new WeakMap();
      this.executions.set(args.schema, byDocument);
    }
    let byOperation = byDocument.get(args.document);
    if (!byOperation) {
      byOperation = new Map();
      byDocument.set(args.document, byOperation);
    }
    const name = args.operationName ?? '';
    let compiled = byOperation.get(name);
    if (typeof compiled === 'number' || compiled === undefined) {
      const runs = (compiled ?? 0) + 1;
      if (runs < COMPILE_AFTER_RUNS) {
        byOperation.set(name, runs);
        return execute(args);
      }
      compiled = compileQuery(args.schema, args.document, args.operationName ?? undefined, {
        disablingCapturingStackErrors: true,
      });
      byOperation.set(name, compiled);
    }
    if (!isCompiledQuery(compiled)) return compiled;
    return compiled.query(args.rootValue, args.contextValue, args.variableValues);
  }

  observe(observer: GraphqlObserver): void {
    this.observers.push(observer);
  }

  /** One operation's context: its caller, its schema version and a counter of its statements. */
  operationContext({ principal, compiled }: GraphqlRequestContext): OperationContext {
    const statements = { count: 0 };
    const run = (sql: string, values: readonly unknown[]) => {
      statements.count += 1;
      return this.statements.query<Record<string, unknown>>(sql, values);
    };
    return { principal, scope: { principal, schema: compiled, now: new Date() }, run, statements };
  }

  /** A result as sent: every error formatted. */
  formatResult(result: ExecutionResult): FormattedExecutionResult {
    const { errors, ...rest } = result;
    return errors ? { ...rest, errors: errors.map((error) => this.formatError(error).toJSON()) } : rest;
  }

  /** The REST problem code in `extensions.code`; a bug is logged and reported without details. */
  formatError(error: Readonly<GraphQLError | Error>): GraphQLError {
    const graphqlError = error instanceof GraphQLError ? error : new GraphQLError(error.message);
    return withLocationsOf(graphqlError, this.formatGraphqlError(graphqlError));
  }

  private formatGraphqlError(graphqlError: GraphQLError): GraphQLError {
    const original = graphqlError.originalError;
    if (original instanceof AppException) {
      return new GraphQLError(original.detail, {
        nodes: graphqlError.nodes,
        path: graphqlError.path,
        extensions: {
          code: original.code,
          status: original.status,
          ...(original.options.errors ? { errors: original.options.errors } : {}),
        },
      });
    }
    if (original !== undefined && !(original instanceof GraphQLError)) {
      // A bug, not the caller's mistake: logged here, reported without details.
      this.logger.error(
        `GraphQL resolver failed: ${original instanceof Error ? (original.stack ?? original.message) : JSON.stringify(original)}`,
      );
      return new GraphQLError('Internal error.', {
        path: graphqlError.path,
        extensions: { code: ErrorCode.Internal },
      });
    }
    // A GraphQLError of ours may arrive wrapped (graphql-ws wraps what a subscription throws).
    const own = original instanceof GraphQLError ? original : graphqlError;
    const message =
      own.message === HTTP_SUBSCRIPTION_REFUSAL
        ? `${HTTP_SUBSCRIPTION_REFUSAL} over HTTP: subscribe over WebSocket (graphql-ws) at ${SUBSCRIPTIONS_PATH}.`
        : own.message;
    return new GraphQLError(message, {
      nodes: graphqlError.nodes,
      path: graphqlError.path,
      extensions: { code: ErrorCode.ValidationFailed, ...own.extensions },
    });
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * A compiled execution's errors (graphql-jit) carry their locations but not the AST nodes a new
 * GraphQLError computes them from: they are carried over, so an answer is the same compiled or not.
 */
function withLocationsOf(source: GraphQLError, formatted: GraphQLError): GraphQLError {
  if (formatted.locations === undefined && source.locations !== undefined && source.locations.length > 0) {
    (formatted as { locations: GraphQLError['locations'] }).locations = source.locations;
  }
  return formatted;
}
