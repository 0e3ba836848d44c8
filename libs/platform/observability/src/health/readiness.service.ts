import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { HEALTH_INDICATORS, HealthIndicator } from './health-indicator';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, { status: 'up' | 'down'; reason?: string }>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** Runs every indicator in parallel, each bounded by a timeout so a hung dependency answers "down". */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: readonly HealthIndicator[]) {}

  /** Load balancers stop sending work as soon as shutdown starts, before intake is closed. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async report(): Promise<ReadinessReport> {
    const checks: ReadinessReport['checks'] = {};
    if (this.shuttingDown) checks['lifecycle'] = { status: 'down', reason: 'shutting down' };
    await Promise.all(
      this.indicators.map(async (indicator) => {
        try {
          await withTimeout(indicator.check(), CHECK_TIMEOUT_MS);
          checks[indicator.name] = { status: 'up' };
        } catch (error) {
          checks[indicator.name] = { status: 'down', reason: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    return { ready: Object.values(checks).every((check) => check.status === 'up'), checks };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
