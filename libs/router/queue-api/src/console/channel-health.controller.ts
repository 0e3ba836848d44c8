import { Controller, Get, Req, UseFilters, UseGuards } from '@nestjs/common';
import { QueueApiErrorFilter } from '../queue-api-error.filter';
import { TenantApiKeyGuard, type AuthenticatedRequest } from '../tenant-api-key.guard';
import { ConsoleOverviewService } from './console-overview.service';
import type { ChannelHealth } from './console-views';

/** Per-channel activity and the router's lag for the key's tenant (or the one an operator names). */
@Controller('v1/channel-health')
@UseGuards(TenantApiKeyGuard)
@UseFilters(QueueApiErrorFilter)
export class ChannelHealthController {
  constructor(private readonly overview: ConsoleOverviewService) {}

  @Get()
  get(@Req() request: AuthenticatedRequest): Promise<ChannelHealth> {
    return this.overview.channelHealth(request.tenantId);
  }
}
