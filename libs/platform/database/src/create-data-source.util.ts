import { DataSource } from 'typeorm';
import type { DatabaseModuleOptions } from './database-options';

/**
 * Schema changes only ever come from explicit migrations run by a command, never from
 * `synchronize`, so production schemas are reviewed and reversible.
 */
export function createDataSource(options: DatabaseModuleOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: options.poolSize, connectionTimeoutMillis: 3_000 },
  });
}
