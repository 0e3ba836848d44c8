import { randomUUID } from 'node:crypto';
import { createDataSource } from '@tributary/platform-database';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { Client } from 'pg';

/** Applies the router's migrations to the database at `url` (idempotent). */
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

/** A fresh, migrated database beside the test stack's one; `drop` removes it. */
export async function createRouterTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const baseUrl = process.env['DATABASE_URL'];
  if (!baseUrl) throw new Error('DATABASE_URL is not set: run integration tests through their jest config');
  const name = `router_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await migrateTestDatabase(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
