import type { DynamicModule } from '@nestjs/common';
import type { TopicName } from '@tributary/contracts';
import type { BaseConfig, DatabaseConfig } from '@tributary/platform-config';
import { DatabaseModule, DatabaseRuntime, type DatabaseModuleOptions } from '@tributary/platform-database';
import { KafkaHealthIndicator, KafkaModule, kafkaOptionsFromConfig } from '@tributary/platform-kafka';
import { HealthModule } from '@tributary/platform-observability';

export interface StandardImportsOptions {
  readonly app: string;
  readonly config: BaseConfig;
  readonly topics: readonly TopicName[];
  /** For apps that keep state in Postgres; readiness then checks it too. */
  readonly database?: DatabaseConfig & Pick<DatabaseModuleOptions, 'entities' | 'migrations'>;
}

/** Kafka, optionally Postgres, and health endpoints that check exactly those. */
export function standardImports(options: StandardImportsOptions): DynamicModule[] {
  const kafka = KafkaModule.forRoot(kafkaOptionsFromConfig(options.app, options.config, options.topics));
  if (!options.database) return [kafka, HealthModule.forRoot({ indicators: [KafkaHealthIndicator] })];
  const database = DatabaseModule.forRoot({
    url: options.database.DATABASE_URL,
    poolSize: options.database.DATABASE_POOL_SIZE,
    applicationName: `tributary-${options.app}`,
    ...(options.database.entities ? { entities: options.database.entities } : {}),
    ...(options.database.migrations ? { migrations: options.database.migrations } : {}),
  });
  return [kafka, database, HealthModule.forRoot({ indicators: [KafkaHealthIndicator, DatabaseRuntime] })];
}
