export { JsonLogger } from './logging/json-logger';
export { LoggingModule } from './logging/logging.module';
export type { JsonLoggerOptions, LogFields, LogLevel } from './logging/json-logger';
export { HEALTH_INDICATORS } from './health/health-indicator';
export type { HealthIndicator } from './health/health-indicator';
export { HealthModule } from './health/health.module';
export { ReadinessService } from './health/readiness.service';
export type { ReadinessReport } from './health/readiness.service';
export { MetricsModule } from './metrics/metrics.module';
