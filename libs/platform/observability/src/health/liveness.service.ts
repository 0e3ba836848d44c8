import { Inject, Injectable } from '@nestjs/common';
import { HEALTH_INDICATORS, HealthIndicator } from './health-indicator';

export interface LivenessReport {
  readonly live: boolean;
  /** Why each failed part can only recover by a restart; absent while live. */
  readonly failed?: Record<string, string>;
}

/** Live unless some part failed for good: a process whose event loop answers but can no longer work. */
@Injectable()
export class LivenessService {
  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: readonly HealthIndicator[]) {}

  report(): LivenessReport {
    const failed: Record<string, string> = {};
    for (const indicator of this.indicators) {
      const problem = indicator.livenessProblem?.() ?? null;
      if (problem) failed[indicator.name] = problem;
    }
    return Object.keys(failed).length === 0 ? { live: true } : { live: false, failed };
  }
}
