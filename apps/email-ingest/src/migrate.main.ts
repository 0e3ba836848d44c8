// email-ingest's schema command: applies its migrations (checkpoints, quarantine, reply records) to
// its own database. The app never changes the schema at boot; operators run this first.
import { EMAIL_INGEST_MIGRATIONS } from '@tributary/channel-email';
import { ConfigError, databaseConfigShape, loadConfig, renderConfigHelp } from '@tributary/platform-config';
import { createDataSource } from '@tributary/platform-database';
import { z } from 'zod';

const configSchema = z.object({ DATABASE_URL: databaseConfigShape.DATABASE_URL });
const USAGE = 'usage: node tools/run.js apps/email-ingest/src/migrate.main.ts [up|status] [--help]\n\n';
/** Several pods starting at once take turns instead of applying one migration twice. */
const LOCK = `hashtext('tributary:email-ingest:migrations')`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(USAGE + renderConfigHelp('email-ingest migrate', configSchema));
    return 0;
  }
  const command = argv[0] ?? 'up';
  if (command !== 'up' && command !== 'status') {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(configSchema);
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 1, applicationName: 'email-ingest-migrate', migrations: EMAIL_INGEST_MIGRATIONS });
  await dataSource.initialize();
  try {
    if (command === 'status') {
      process.stdout.write((await dataSource.showMigrations()) ? 'migrations pending\n' : 'up to date\n');
      return 0;
    }
    await dataSource.query(`SELECT pg_advisory_lock(${LOCK})`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`SELECT pg_advisory_unlock(${LOCK})`);
    for (const migration of applied) process.stdout.write(`applied  ${migration.name}\n`);
    process.stdout.write(applied.length === 0 ? 'nothing to do: every migration is already applied\n' : `${applied.length} applied\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `email-ingest migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof ConfigError ? 78 : 1;
  },
);
