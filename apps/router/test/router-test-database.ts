import { createDataSource } from '@tributary/platform-database';
import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';

/** Applies the router's migrations to the database at `url` (idempotent), as `./tributary migrate` would. */
export async function migrateTestDatabase(url: string | undefined): Promise<void> {
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests through their jest config');
  const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'router-test-migrate', migrations: ROUTER_MIGRATIONS });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}

/** A fresh database with the router's schema, for one suite. */
export function createRouterTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase('router', { migrations: ROUTER_MIGRATIONS });
}
