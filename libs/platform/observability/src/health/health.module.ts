import { DynamicModule, Module, Type } from '@nestjs/common';
import { HEALTH_INDICATORS, HealthIndicator } from './health-indicator';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

/** `GET /health/live` and `GET /health/ready`; readiness asks every indicator given here. */
@Module({})
export class HealthModule {
  static forRoot(options: { indicators: readonly Type<HealthIndicator>[] }): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        ReadinessService,
        {
          provide: HEALTH_INDICATORS,
          useFactory: (...indicators: HealthIndicator[]) => indicators,
          inject: [...options.indicators],
        },
      ],
    };
  }
}
