// Resumable uploads over the tus protocol (@tus/server) at /api/v1/uploads, for files too big
// to send in one request. An upload names its collection and file field in its metadata, so
// its size is checked against the field's cap when it is created, before any byte arrives;
// only callers who may create or update records there may start one, and only its creator may
// continue it. While in progress it lives under FILES_DIR/tus; once complete it goes through
// the same intake as a multipart file (sniffed type, checksum, store, pending ledger row) and
// its id is what a record body then references: `{ "upload": "<id>" }`.

import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { actorLabel, CallerAuthenticator, type Principal } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, buildProblem, ErrorCode, fieldSentence } from '@stagecraft/core';
import { isAdmin, RecordsService, refuse, type CompiledCollection } from '@stagecraft/records';
import { FileStore as TusFileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { resumableUploadsDir } from './expired-resumable.js';
import { FileIntakeService } from './file-intake.service.js';
import { sizeCapOf, type IntakeTarget } from './file-intake.js';

export const UPLOADS_PATH = '/api/v1/uploads';

/** What a tus hook throws to answer with a status (@tus/server reads these two properties); the body is a problem document. */
class TusRefusal extends Error {
  constructor(
    readonly status_code: number,
    readonly body: string,
  ) {
    super(body);
  }
}

const logger = new Logger('ResumableUploads');

/** The problem document a refused tus request answers with; anything but an AppException is a bug, logged. */
function refusal(error: unknown): TusRefusal {
  if (!(error instanceof AppException)) logger.error(error instanceof Error ? (error.stack ?? error.message) : error);
  const known = error instanceof AppException ? error : new AppException(ErrorCode.Internal, 'The upload failed.');
  const problem = buildProblem({
    status: known.status,
    code: known.code,
    detail: known.detail,
    requestId: randomUUID(),
    errors: known.options.errors,
  });
  return new TusRefusal(problem.status, JSON.stringify(problem));
}

function badUpload(detail: string, field: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, detail, {
    errors: [{ field, code: 'metadata', message: detail }],
  });
}

@Injectable()
export class ResumableUploadsService implements OnModuleInit {
  private tus: Server | undefined;

  constructor(
    private readonly authenticator: CallerAuthenticator,
    private readonly records: RecordsService,
    private readonly intake: FileIntakeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Where uploads in progress are kept. */
  get directory(): string {
    return resumableUploadsDir(this.config);
  }

  onModuleInit(): void {
    this.tus = new Server({
      path: UPLOADS_PATH,
      // Incomplete uploads expire with UPLOAD_EXPIRY_HOURS (removed by the maintenance job).
      datastore: new TusFileStore({
        directory: this.directory,
        expirationPeriodInMilliseconds: this.config.files.uploadExpiryHours * 3_600_000,
      }),
      maxSize: this.config.files.maxBytes,
      relativeLocation: true,
      onUploadCreate: (request, upload) => this.create(request, upload),
      onIncomingRequest: (request, id) => this.continueAs(request, id),
      onUploadFinish: (request, upload) => this.finish(request, upload),
    });
  }

  get server(): Server {
    if (!this.tus) throw new Error('ResumableUploadsService used before initialisation');
    return this.tus;
  }

  private async caller(request: Request): Promise<Principal | undefined> {
    const caller = await this.authenticator.fromCredentials({
      authorization: request.headers.get('authorization') ?? undefined,
      apiKey: request.headers.get('x-api-key') ?? undefined,
    });
    return caller?.principal;
  }

  /** The collection and file field an upload is for, if the caller may write files there. */
  private async target(principal: Principal | undefined, metadata: Upload['metadata']): Promise<IntakeTarget> {
    const collectionName = metadata?.collection;
    const fieldName = metadata?.field;
    if (!collectionName || !fieldName) {
      throw badUpload('Upload-Metadata must name the `collection` and the file `field` the upload is for.', 'metadata');
    }
    const { collection } = await this.records.scope(principal, collectionName);
    const field = collection.fields.get(fieldName);
    if (field?.kind !== 'file' || !field.writable) {
      throw badUpload(`"${fieldName}" is not a writable file field of "${collectionName}".`, 'field');
    }
    assertMayWrite(principal, collection);
    return {
      collectionId: collection.definition.id,
      fieldId: field.definition.id,
      fieldName: field.name,
      options: field.definition.options,
    };
  }

  private async create(request: Request, upload: Upload): Promise<{ metadata: Upload['metadata'] }> {
    try {
      const principal = await this.caller(request);
      const target = await this.target(principal, upload.metadata);
      if (upload.sizeIsDeferred || upload.size === undefined) {
        throw badUpload('Send Upload-Length: the size is checked against the field before the upload starts.', 'size');
      }
      const cap = sizeCapOf(target.options, this.config.files.maxBytes);
      if (upload.size > cap) {
        const message = fieldSentence(target.fieldName, `accepts files of at most ${cap} bytes`);
        throw new AppException(ErrorCode.PayloadTooLarge, message, {
          errors: [{ field: target.fieldName, code: 'maxSize', message }],
        });
      }
      return { metadata: { ...upload.metadata, actor: actorLabel(principal) } };
    } catch (error) {
      throw refusal(error);
    }
  }

  /** Only whoever started an upload may continue, inspect or cancel it. */
  private async continueAs(request: Request, id: string): Promise<void> {
    if (request.method === 'POST' || request.method === 'OPTIONS') return;
    try {
      const principal = await this.caller(request);
      const upload = await this.server.datastore.getUpload(id).catch(() => undefined);
      if (upload !== undefined && upload.metadata?.actor !== actorLabel(principal)) {
        throw new AppException(ErrorCode.NotFound, `No upload ${id} of yours is in progress.`);
      }
    } catch (error) {
      throw refusal(error);
    }
  }

  /** The complete upload goes through the intake; its id becomes the reference a record body uses. */
  private async finish(request: Request, upload: Upload): Promise<{ status_code: number }> {
    const path = join(this.directory, upload.id);
    try {
      const principal = await this.caller(request);
      const target = await this.target(principal, upload.metadata);
      await this.intake.accept(
        target,
        { stream: createReadStream(path), fileName: upload.metadata?.filename ?? undefined },
        upload.metadata?.actor ?? actorLabel(principal),
        upload.id,
      );
      return { status_code: 204 };
    } catch (error) {
      throw refusal(error);
    } finally {
      await this.server.datastore.remove(upload.id).catch(() => undefined);
    }
  }
}

/**
 * Uploads start only where the caller could attach them: a rule for create or update that is not
 * admins only, and for anonymous callers one that lets anyone write (a rule with a condition is
 * judged with the record write, too late to spare the disk).
 */
function assertMayWrite(principal: Principal | undefined, collection: CompiledCollection): void {
  if (isAdmin(principal)) return;
  const rules = [collection.rules.create, collection.rules.update];
  if (principal === undefined ? rules.includes('anyone') : rules.some((rule) => rule !== null)) return;
  throw refuse(principal, `upload files to "${collection.name}"`);
}
