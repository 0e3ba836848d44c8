import { randomUUID } from 'node:crypto';
import { createDataSource } from '@tributary/platform-database';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ROUTER_ENTITIES, ROUTER_MIGRATIONS } from '../src/router-entities';

export interface RouterTestDatabase {
  /** URL of the fresh, empty database. */
  readonly url: string;
  /** Connected, with the router's entities and migrations; nothing applied yet. */
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

function stackDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is not set: run integration tests through their jest config');
  return url;
}

/** A new database `router_schema_<random>` on the stack's PostgreSQL, so every suite starts empty. */
export async function createRouterTestDatabase(): Promise<RouterTestDatabase> {
  const name = `router_schema_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: stackDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(stackDatabaseUrl());
  url.pathname = `/${name}`;
  const dataSource = createDataSource({
    url: url.toString(),
    poolSize: 4,
    applicationName: 'router-persistence-test',
    entities: ROUTER_ENTITIES,
    migrations: ROUTER_MIGRATIONS,
  });
  await dataSource.initialize();
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
