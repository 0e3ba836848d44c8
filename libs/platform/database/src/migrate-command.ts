// The schema command every app with a database shares: applies, reverts or lists that app's
// migrations. Apps never change their schema themselves (no `synchronize`, no migrations at boot);
// operators run this first, e.g. as a Kubernetes init container or Job.
import { ConfigError, databaseConfigShape, loadConfig, renderConfigHelp, secretValues } from '@tributary/platform-config';
import { MigrationExecutor, type DataSource } from 'typeorm';
import { z } from 'zod';
import { createDataSource } from './create-data-source.util';
import type { DatabaseModuleOptions } from './database-options';

const COMMANDS = ['up', 'down', 'status'] as const;
type Command = (typeof COMMANDS)[number];

const EXIT_USAGE = 2;
const EXIT_CONFIG = 78;

const configSchema = z.object({ DATABASE_URL: databaseConfigShape.DATABASE_URL });

export interface MigrateTarget {
  /** The app whose database this is, e.g. `voice-ingest`; names the lock and the messages. */
  readonly app: string;
  readonly migrations: NonNullable<DatabaseModuleOptions['migrations']>;
}

function usage(app: string): string {
  return `usage: ./tributary migrate ${app} [up|down|status] [--help]

  up       apply every pending migration, oldest first (the default)
  down     revert the most recently applied migration
  status   list applied and pending migrations; changes nothing

`;
}

class UsageError extends Error {}

function parseCommand(argv: readonly string[]): Command | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  if (argv.length > 1) throw new UsageError(`expected one command, got "${argv.join(' ')}"`);
  const [word = 'up'] = argv;
  const command = COMMANDS.find((known) => known === word);
  if (!command) throw new UsageError(`unknown command "${word}" (expected ${COMMANDS.join(', ')})`);
  return command;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Two runs at once (several pods starting) take turns instead of applying one migration twice. */
async function withMigrationLock<T>(dataSource: DataSource, app: string, work: () => Promise<T>): Promise<T> {
  const lock = dataSource.createQueryRunner();
  const name = `tributary:${app}:migrations`;
  try {
    const [attempt] = (await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name])) as { locked: boolean }[];
    if (attempt?.locked !== true) {
      say('another migration run holds the lock; waiting for it to finish…');
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    }
    try {
      return await work();
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  } finally {
    await lock.release();
  }
}

async function up(dataSource: DataSource, app: string): Promise<void> {
  const applied = await withMigrationLock(dataSource, app, () => dataSource.runMigrations({ transaction: 'each' }));
  if (applied.length === 0) {
    say('nothing to do: every migration is already applied');
    return;
  }
  for (const migration of applied) say(`applied  ${migration.name}`);
  say(`${applied.length} migration${applied.length === 1 ? '' : 's'} applied`);
}

async function down(dataSource: DataSource, app: string): Promise<void> {
  const executor = new MigrationExecutor(dataSource);
  const reverted = await withMigrationLock(dataSource, app, async () => {
    const before = await executor.getExecutedMigrations();
    if (before.length === 0) return [];
    await dataSource.undoLastMigration({ transaction: 'each' });
    const after = new Set((await executor.getExecutedMigrations()).map((migration) => migration.name));
    return before.filter((migration) => !after.has(migration.name));
  });
  if (reverted.length === 0) {
    say('nothing to revert: no migration is applied');
    return;
  }
  for (const migration of reverted) say(`reverted ${migration.name}`);
}

async function status(dataSource: DataSource): Promise<void> {
  const executor = new MigrationExecutor(dataSource);
  const applied = [...(await executor.getExecutedMigrations())].sort((a, b) => a.timestamp - b.timestamp);
  const pending = await executor.getPendingMigrations();
  for (const migration of applied) say(`applied  ${migration.name}`);
  for (const migration of pending) say(`pending  ${migration.name}`);
  say(`${applied.length} applied, ${pending.length} pending`);
}

async function run(command: Command, dataSource: DataSource, app: string): Promise<void> {
  switch (command) {
    case 'up':
      return up(dataSource, app);
    case 'down':
      return down(dataSource, app);
    case 'status':
      return status(dataSource);
  }
}

async function main(target: MigrateTarget, argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command === 'help') {
    process.stdout.write(usage(target.app) + renderConfigHelp(`${target.app} migrate`, configSchema));
    return 0;
  }
  const config = loadConfig(configSchema);
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 2, applicationName: `${target.app}-migrate`, migrations: target.migrations });
  await dataSource.initialize();
  try {
    await run(command, dataSource, target.app);
  } finally {
    await dataSource.destroy();
  }
  return 0;
}

/** Error text with every secret value (the URL, its password) masked. */
function masked(error: unknown): string {
  let text = error instanceof Error ? error.message : String(error);
  for (const value of secretValues(configSchema, process.env)) text = text.split(value).join('***');
  return text;
}

/** Runs the command for one app's database and sets the exit code: 2 usage, 78 configuration, 1 failure. */
export function runMigrateCommand(target: MigrateTarget, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  return main(target, argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n\n${usage(target.app)}`);
        process.exitCode = EXIT_USAGE;
      } else if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = EXIT_CONFIG;
      } else {
        process.stderr.write(`${target.app} migrate failed: ${masked(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
