import { Client } from 'pg';
import { POSTGRES_DATABASE, postgresUrl } from './postgres-config.util';
import { StackError, StackErrorCode } from './stack.error';

/** Creates the application database on a fresh cluster (initdb only makes "postgres"). */
export async function ensureDatabase(port: number, password: string): Promise<void> {
  await withClient(postgresUrl(port, password, 'postgres'), async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [POSTGRES_DATABASE]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${POSTGRES_DATABASE}`);
  });
}

/** With DATABASE_URL set the stack starts no PostgreSQL; it only proves the URL works. */
export async function checkExternalDatabase(url: string): Promise<void> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StackError(StackErrorCode.StartFailed, `DATABASE_URL is set but does not connect: ${reason}`);
  }
}

export async function canConnect(url: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
