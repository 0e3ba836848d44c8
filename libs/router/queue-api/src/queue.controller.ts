import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { BodyLimit } from '@tributary/platform-app';
import { QueueApiErrorFilter } from './queue-api-error.filter';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { REPLY_BODY_LIMIT_BYTES, UuidParam, parseListQuery, parseMergeBody, parseReplyBody, parseStatusBody } from './queue-requests.schema';
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
  constructor(private readonly queue: QueueService) {}

  @Get()
  list(@Req() request: AuthenticatedRequest, @Query() query: unknown): Promise<TicketPage> {
    return this.queue.list(request.tenantId, parseListQuery(query));
  }

  @Get(':ticketId')
  get(@Req() request: AuthenticatedRequest, @Param('ticketId') ticketId: string): Promise<TicketDetail> {
    return this.queue.get(request.tenantId, ticketIdParam(ticketId));
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
