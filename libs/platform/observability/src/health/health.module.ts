import { DynamicModule, Module, Type } from '@nestjs/common';
import { HEALTH_INDICATORS, HealthIndicator } from './health-indicator';
import { HealthController } from './health.controller';
import { LivenessService } from './liveness.service';
import { ReadinessService } from './readiness.service';

/**
 * `GET /health/live` and `GET /health/ready`: readiness asks every indicator given here; liveness
 * asks those that can fail for good.
 */
@Module({})
export class HealthModule {
  static forRoot(options: { indicators: readonly Type<HealthIndicator>[] }): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        ReadinessService,
        LivenessService,
        {
          provide: HEALTH_INDICATORS,
          useFactory: (...indicators: HealthIndicator[]) => indicators,
          inject: [...options.indicators],
        },
      ],
    };
  }
}
