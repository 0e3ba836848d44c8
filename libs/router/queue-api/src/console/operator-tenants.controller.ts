import { Controller, Get, UseGuards } from '@nestjs/common';
import { OperatorKeyGuard } from '../operator/operator-key.guard';
import { ConsoleOverviewService } from './console-overview.service';
import type { TenantList } from './console-views';

/** The tenants an operator key may act for (with X-Tributary-Tenant on the tenant routes). */
@Controller('v1/operator/tenants')
@UseGuards(OperatorKeyGuard)
export class OperatorTenantsController {
  constructor(private readonly overview: ConsoleOverviewService) {}

  @Get()
  list(): Promise<TenantList> {
    return this.overview.tenants();
  }
}
