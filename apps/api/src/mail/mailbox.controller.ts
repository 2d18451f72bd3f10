// /api/v1/mailbox: the development mailbox, admins only. Without SMTP_URL the worker keeps every
// email in the database instead of sending it; here an admin reads them (a reset link, a
// verification link) as a user would in their inbox. With SMTP_URL set, both routes answer 404.

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '@stagecraft/auth';
import { CapturedMailboxService, type CapturedEmail, type MailboxPage } from '@stagecraft/mail';
import { CapturedEmailDto, ListMailboxQueryDto, MailboxPageDto, MailIdParamDto } from './mailbox.dto.js';

const NO_MAILBOX = 'SMTP_URL is set: email is delivered, not captured, so there is no mailbox';

@ApiTags('mailbox')
@AdminOnly()
@Controller('mailbox')
export class MailboxController {
  constructor(private readonly mailbox: CapturedMailboxService) {}

  @Get()
  @ApiOperation({
    summary: 'Captured emails, newest first (development mailbox, only without SMTP_URL)',
    description:
      'A page at a time with `limit` and `offset`; `to` keeps one recipient. The bodies come with GET /mailbox/{id}.',
  })
  @ApiOkResponse({ type: MailboxPageDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid (limit above 100, `to` not an email…)' })
  @ApiNotFoundResponse({ description: NO_MAILBOX })
  list(@Query() query: ListMailboxQueryDto): Promise<MailboxPage> {
    return this.mailbox.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One captured email with its text and HTML bodies',
    description: 'The HTML is the message as sent; show it in a sandboxed frame, never in the page itself.',
  })
  @ApiOkResponse({ type: CapturedEmailDto })
  @ApiBadRequestResponse({ description: 'The id is not a positive integer' })
  @ApiNotFoundResponse({ description: `No captured email has this id, or ${NO_MAILBOX}` })
  get(@Param() params: MailIdParamDto): Promise<CapturedEmail> {
    return this.mailbox.get(params.id);
  }
}
