import { randomUUID } from 'node:crypto';
import { createDataSource } from '@tributary/platform-database';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** A fresh, migrated database on the test stack's PostgreSQL, dropped again by `drop()`. */
export async function createTicketingTestDatabase(): Promise<{ dataSource: DataSource; drop: () => Promise<void> }> {
  const baseUrl = process.env['DATABASE_URL'];
  if (!baseUrl) throw new Error('DATABASE_URL is not set: run integration tests through their jest config');
  const name = `ticketing_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 4, applicationName: 'ticketing-test', migrations: ROUTER_MIGRATIONS });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await admin.query(`DROP DATABASE ${name}`);
      await admin.end();
    },
  };
}
