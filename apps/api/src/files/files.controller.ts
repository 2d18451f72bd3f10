// /api/v1/files: downloads (originals and thumbnails) under the record's view rule, and file
// tokens for links that cannot carry headers.

import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPartialContentResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  CurrentPrincipal,
  FileTokensService,
  OptionalPrincipal,
  SignedInOrAnonymous,
  type Principal,
} from '@stagecraft/auth';
import { FileDownloadsService } from '@stagecraft/files';
import type { FastifyReply } from 'fastify';
import { Uncompressed } from '../common/compression.js';
import { DownloadQueryParameters, parseDownloadQuery } from './download-query.js';
import { FileTokenDto, FileTokenRequestDto } from './files.dto.js';
import { planDownload } from './file-response.js';

/** A 304 repeats the validators and caching, not the body's length or type. */
function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const { etag, 'cache-control': cacheControl } = headers;
  return { etag: etag as string, 'cache-control': cacheControl as string };
}

@ApiTags('files')
@Controller('files')
export class FilesController {
  constructor(
    private readonly downloads: FileDownloadsService,
    private readonly tokens: FileTokensService,
  ) {}

  @Post('token')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({
    summary: 'A file token for one record’s files',
    description:
      'For `<img src>` and download links, which cannot send an Authorization header: add `?token=` to the file ' +
      'URL. The token opens the files of this record only, for FILE_TOKEN_TTL_SECONDS, and only while the caller ' +
      'may still see the record.',
  })
  @ApiCreatedResponse({ type: FileTokenDto })
  @ApiBadRequestResponse({ description: 'The body is not a collection and a record id' })
  @ApiNotFoundResponse({ description: 'No such collection, or no such record that the caller may see' })
  async token(@Body() body: FileTokenRequestDto, @CurrentPrincipal() principal: Principal): Promise<FileTokenDto> {
    const collection = await this.downloads.access.assertVisible(principal, body.collection, body.record_id);
    const token = await this.tokens.issue(principal, {
      collectionId: collection.definition.id,
      recordId: body.record_id,
    });
    return { token, expires_in: this.tokens.ttlSeconds };
  }

  @Get(':collection/:recordId/:fileName')
  @SignedInOrAnonymous()
  // Byte ranges and Content-Length describe the stored bytes: sent as they are.
  @Uncompressed()
  @ApiOperation({
    summary: 'Download a file, or one of its thumbnails',
    description:
      'Allowed exactly when the record’s view rule lets the caller see the record; files of `protected` fields ' +
      'also need a signed-in caller or a file token. Supports `Range`, `ETag`/`If-None-Match`; SVG, HTML and other ' +
      'active types are always sent as attachments with `Content-Security-Policy: sandbox`. See docs/files.md.',
  })
  @ApiParam({ name: 'collection', schema: { type: 'string', maxLength: 63 } })
  @ApiParam({ name: 'recordId', schema: { type: 'string', format: 'uuid', maxLength: 36 } })
  @ApiParam({
    name: 'fileName',
    description: 'The stored name (`name` of the file object)',
    schema: { type: 'string', maxLength: 100 },
  })
  @ApiOkResponse({
    description: 'The file',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @DownloadQueryParameters()
  @ApiPartialContentResponse({ description: 'The requested byte range' })
  @ApiFoundResponse({ description: 'With S3_SIGNED_DOWNLOADS: a redirect to a short-lived signed URL of the store' })
  @ApiBadRequestResponse({ description: 'A thumb that is not a preset of the field, or a bad query parameter' })
  @ApiUnauthorizedResponse({ description: 'A protected file without a caller, or a file token that is not valid' })
  @ApiForbiddenResponse({ description: 'A file token issued for another record, or the view rule refuses the caller' })
  @ApiNotFoundResponse({ description: 'No such file on a record the caller may see' })
  async download(
    @Param('collection') collection: string,
    @Param('recordId') recordId: string,
    @Param('fileName') fileName: string,
    @Query() rawQuery: Record<string, unknown>,
    @Headers() headers: Record<string, string | undefined>,
    @OptionalPrincipal() caller: Principal | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = parseDownloadQuery(rawQuery);
    const address = { collection, recordId, name: fileName };
    // A file token, when given, names the caller instead of the request's own credentials.
    const principal =
      query.token === undefined ? caller : await this.tokens.redeem(query.token, await this.downloads.scopeOf(address));
    const opened = await this.downloads.open(principal, address, query.thumb);
    const plan = planDownload(opened.file, {
      range: headers.range,
      ifNoneMatch: headers['if-none-match'],
      ifRange: headers['if-range'],
      download: query.download,
    });
    if (plan.status === 304) {
      await reply.status(304).headers(withoutBodyHeaders(plan.headers)).send();
      return;
    }
    const redirect = await opened.signedUrl(plan.headers['content-disposition'] as string);
    if (redirect !== null) {
      await reply.status(302).headers({ location: redirect, 'cache-control': 'private, no-store' }).send();
      return;
    }
    await reply
      .status(plan.status)
      .headers(plan.headers)
      .send(await opened.read(plan.range));
  }
}
