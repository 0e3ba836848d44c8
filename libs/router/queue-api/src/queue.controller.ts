import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query, Req, Res, StreamableFile, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentDownloadService } from './attachment-download.service';
import { BodyLimit } from '@tributary/platform-app';
import { QueueApiErrorFilter } from './queue-api-error.filter';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { REPLY_BODY_LIMIT_BYTES, Sha256Param, UuidParam, parseListQuery, parseMergeBody, parseReplyBody, parseStatusBody } from './queue-requests.schema';
import { QueueService } from './queue.service';
import { TenantApiKeyGuard, type AuthenticatedRequest } from './tenant-api-key.guard';
import type { ReplyQueuedResponse, ResponseOf, StatusChangeResponse, TicketMergeResponse } from './queue-responses.schema';
import type { TicketDetail, TicketPage } from './ticket-views';

function ticketIdParam(value: string): string {
  if (!UuidParam.safeParse(value).success) throw new QueueApiError(QueueApiErrorCode.TicketNotFound, `no ticket ${value.slice(0, 64)}`);
  return value;
}

/** The queue API for helpdesks and agents; every route is scoped to the tenant of the API key. */
@Controller('v1/tickets')
@UseGuards(TenantApiKeyGuard)
@UseFilters(QueueApiErrorFilter)
export class QueueController {
  constructor(
    private readonly queue: QueueService,
    private readonly attachments: AttachmentDownloadService,
  ) {}

  @Get()
  list(@Req() request: AuthenticatedRequest, @Query() query: unknown): Promise<TicketPage> {
    return this.queue.list(request.tenantId, parseListQuery(query));
  }

  @Get(':ticketId')
  get(@Req() request: AuthenticatedRequest, @Param('ticketId') ticketId: string): Promise<TicketDetail> {
    return this.queue.get(request.tenantId, ticketIdParam(ticketId));
  }

  /**
   * An attachment's bytes, always as a download: its type is the sender's claim, so the browser is
   * told not to sniff it and to run nothing it contains on the API's origin.
   */
  @Get(':ticketId/messages/:messageId/attachments/:sha256')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "sandbox; default-src 'none'")
  async attachment(
    @Req() request: AuthenticatedRequest,
    @Param('ticketId') ticketId: string,
    @Param('messageId') messageId: string,
    @Param('sha256') sha256: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const notFound = (): QueueApiError => new QueueApiError(QueueApiErrorCode.AttachmentNotFound, `no attachment ${sha256.slice(0, 64)} on message ${messageId.slice(0, 64)}`);
    if (!UuidParam.safeParse(messageId).success || !Sha256Param.safeParse(sha256).success) throw notFound();
    const { file, bytes } = await this.attachments.open(request.tenantId, ticketIdParam(ticketId), messageId, sha256);
    // Express's attachment() writes Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266).
    response.attachment(file.name);
    return new StreamableFile(bytes, { type: file.contentType, length: file.sizeBytes });
  }

  @Post(':ticketId/replies')
  @HttpCode(202)
  @BodyLimit(REPLY_BODY_LIMIT_BYTES)
  reply(@Req() request: AuthenticatedRequest, @Param('ticketId') ticketId: string, @Body() body: unknown): Promise<ResponseOf<typeof ReplyQueuedResponse>> {
    return this.queue.reply(request.tenantId, ticketIdParam(ticketId), parseReplyBody(body));
  }

  @Patch(':ticketId')
  changeStatus(@Req() request: AuthenticatedRequest, @Param('ticketId') ticketId: string, @Body() body: unknown): Promise<ResponseOf<typeof StatusChangeResponse>> {
    return this.queue.changeStatus(request.tenantId, ticketIdParam(ticketId), parseStatusBody(body));
  }

  @Post(':ticketId/merge')
  @HttpCode(200)
  merge(@Req() request: AuthenticatedRequest, @Param('ticketId') ticketId: string, @Body() body: unknown): Promise<ResponseOf<typeof TicketMergeResponse>> {
    return this.queue.merge(request.tenantId, ticketIdParam(ticketId), parseMergeBody(body));
  }
}
