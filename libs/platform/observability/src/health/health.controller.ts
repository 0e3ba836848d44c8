import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LivenessService } from './liveness.service';
import { ReadinessReport, ReadinessService } from './readiness.service';

@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly liveness: LivenessService,
  ) {}

  /**
   * The process is up, its event loop answers and nothing in it failed for good; dependencies don't
   * matter here. 503 asks the orchestrator for a restart.
   */
  @Get('live')
  live(@Res({ passthrough: true }) response: Response): { status: 'ok' } | { status: 'failed'; failed: Record<string, string> } {
    const report = this.liveness.report();
    response.status(report.live ? 200 : 503);
    return report.failed ? { status: 'failed', failed: report.failed } : { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessReport> {
    const report = await this.readiness.report();
    response.status(report.ready ? 200 : 503);
    return report;
  }
}
