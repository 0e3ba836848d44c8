import { randomUUID } from 'node:crypto';
import { createDataSource, type DatabaseModuleOptions } from '@tributary/platform-database';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface TestDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  readonly migrations: NonNullable<DatabaseModuleOptions['migrations']>;
  readonly entities?: DatabaseModuleOptions['entities'];
  /** False leaves the database empty, for tests of the migrations themselves. */
  readonly migrate?: boolean;
}

/**
 * A fresh database beside the test stack's (DATABASE_URL), migrated unless asked not to, so each
 * suite starts empty and never sees another's rows. `drop` removes it.
 */
export async function createTestDatabase(prefix: string, options: TestDatabaseOptions): Promise<TestDatabase> {
  const baseUrl = process.env['DATABASE_URL'];
  if (!baseUrl) throw new Error('DATABASE_URL is not set: run integration tests through their jest config');
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({
    url: url.toString(),
    poolSize: 4,
    applicationName: `${prefix}-test`,
    migrations: options.migrations,
    ...(options.entities ? { entities: options.entities } : {}),
  });
  await dataSource.initialize();
  if (options.migrate !== false) await dataSource.runMigrations();
  return {
    url: url.toString(),
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
