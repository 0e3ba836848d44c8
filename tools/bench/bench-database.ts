import { randomBytes } from 'node:crypto';
import { createDataSource } from '@tributary/platform-database';
import { Client } from 'pg';
import { ROUTER_MIGRATIONS } from './router-under-bench';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  /** A connection of the benchmark's own to the bench database (counts, checks, scratch tables). */
  readonly client: Client;
  /** Closes the connection and drops the database, whoever is still connected. */
  drop(): Promise<void>;
}

/** A fresh database `bench_<random>` beside the stack's own, migrated with the router's migrations. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const dataSource = createDataSource({ url: url.toString(), poolSize: 1, applicationName: 'tributary-bench-migrate', migrations: ROUTER_MIGRATIONS });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
    const client = new Client({ connectionString: url.toString(), application_name: 'tributary-bench' });
    await client.connect();
    return {
      name,
      url: url.toString(),
      client,
      drop: async () => {
        await client.end().catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    throw error;
  }
}
