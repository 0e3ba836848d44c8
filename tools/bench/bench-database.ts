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

/** A fresh database `bench_<random>` beside the stack's own, migrated with the router's migrations, committing as production does. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    // The local stack turns synchronous_commit off for speed; production runs with it on, and so
    // does every connection to the bench database (the ceiling and the router alike).
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = on`);
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

/** What the report states about durability, as the bench database's sessions see it. */
export async function readDurability(client: Client): Promise<{ synchronousCommit: string; fsync: string }> {
  const show = async (setting: string): Promise<string> => (await client.query<Record<string, string>>(`SHOW ${setting}`)).rows[0]?.[setting] ?? 'unknown';
  return { synchronousCommit: await show('synchronous_commit'), fsync: await show('fsync') };
}

/** How often outbox_events was updated (the relay marking rows published) and how many updates were HOT. */
export async function readOutboxUpdates(client: Client): Promise<{ updates: number; hot: number }> {
  const { rows } = await client.query<{ updates: string; hot: string }>(
    `SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'outbox_events'`,
  );
  return { updates: Number(rows[0]?.updates ?? 0), hot: Number(rows[0]?.hot ?? 0) };
}
