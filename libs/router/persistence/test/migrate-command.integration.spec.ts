import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createRouterTestDatabase, type RouterTestDatabase } from './router-test-database';

const REPO_ROOT = resolve(__dirname, '../../../..');
const FIRST = 'InitialRouterSchema1764057600000';
const SECOND = 'OutboundDeliveryAndMergeHandovers1764201600000';
const THIRD = 'MessageAttachments1764374400000';
const FOURTH = 'WhatsappUserIdentities1764460800000';
const FIFTH = 'UnreachableIdentities1764547200000';
const SIXTH = 'HotOutboxPublication1764633600000';
const SEVENTH = 'MergedTicketsIndex1764700000000';
const EIGHTH = 'TicketMessageStats1764800000000';
const NINTH = 'TicketMessageStatsBackfill1764800100000';
/** The advisory lock key migrate.main.ts takes around up and down. */
const MIGRATION_LOCK = `hashtext('tributary:router:migrations')`;

interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the router's migrate command the way an operator does, with exactly the given DATABASE_URL. */
function migrate(args: readonly string[], databaseUrl: string | undefined): Promise<CommandResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  if (databaseUrl !== undefined) env['DATABASE_URL'] = databaseUrl;
  const child = spawn(process.execPath, ['tools/run.js', 'apps/router/src/migrate.main.ts', ...args], { cwd: REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 50));
  }
}

describe('router migrate command', () => {
  let db: RouterTestDatabase;

  beforeAll(async () => {
    db = await createRouterTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('lists the migrations as pending on a fresh database, and changes nothing', async () => {
    const result = await migrate(['status'], db.url);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain(`pending  ${FIRST}\npending  ${SECOND}\npending  ${THIRD}\npending  ${FOURTH}\npending  ${FIFTH}\npending  ${SIXTH}\npending  ${SEVENTH}\npending  ${EIGHTH}\npending  ${NINTH}`);
    expect(result.stdout).toContain('0 applied, 9 pending');
    const tables: unknown[] = await db.dataSource.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables).toEqual([]);
  });

  it('applies pending migrations with up, then finds nothing to do', async () => {
    const first = await migrate(['up'], db.url);
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout).toContain(`applied  ${FIRST}`);
    expect(first.stdout).toContain(`applied  ${SECOND}`);
    expect(first.stdout).toContain(`applied  ${THIRD}`);
    expect(first.stdout).toContain(`applied  ${FOURTH}`);
    expect(first.stdout).toContain(`applied  ${FIFTH}`);
    expect(first.stdout).toContain(`applied  ${SEVENTH}`);
    expect(first.stdout).toContain(`applied  ${EIGHTH}`);
    expect(first.stdout).toContain(`applied  ${NINTH}`);
    const [tables] = await db.dataSource.query<{ t: string | null; o: string | null }[]>(
      `SELECT to_regclass('public.tickets') AS t, to_regclass('public.outbound_messages') AS o`,
    );
    expect(tables).toEqual({ t: 'tickets', o: 'outbound_messages' });

    const second = await migrate(['up'], db.url);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('nothing to do');
    expect((await migrate(['status'], db.url)).stdout).toContain(`applied  ${FIRST}\napplied  ${SECOND}\napplied  ${THIRD}\napplied  ${FOURTH}\napplied  ${FIFTH}\napplied  ${SIXTH}\napplied  ${SEVENTH}\napplied  ${EIGHTH}\napplied  ${NINTH}\n9 applied, 0 pending`);
  });

  it('runs up when no command is given', async () => {
    const result = await migrate([], db.url);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('nothing to do');
  });

  it('reverts one migration per down, newest first', async () => {
    const regclasses = () => db.dataSource.query<{ t: string | null; o: string | null }[]>(
      `SELECT to_regclass('public.tickets') AS t, to_regclass('public.outbound_messages') AS o`,
    );
    const result = await migrate(['down'], db.url);
    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(result.stdout).toContain(`reverted ${NINTH}`);
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${EIGHTH}`);
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${SEVENTH}`);
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${SIXTH}`);
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${FIFTH}`);
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${FOURTH}`);
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${THIRD}`);
    expect((await regclasses())[0]).toEqual({ t: 'tickets', o: 'outbound_messages' });
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${SECOND}`);
    expect((await regclasses())[0]).toEqual({ t: 'tickets', o: null });
    expect((await migrate(['down'], db.url)).stdout).toContain(`reverted ${FIRST}`);
    expect((await regclasses())[0]).toEqual({ t: null, o: null });
    expect((await migrate(['down'], db.url)).stdout).toContain('nothing to revert');
  });

  it('takes turns when two runs start together: one applies, the other waits for its lock and finds nothing to do', async () => {
    // Hold the command's advisory lock so both runs are provably queued before either may start.
    const holder = db.dataSource.createQueryRunner();
    await holder.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    const runs = Promise.all([migrate(['up'], db.url), migrate(['up'], db.url)]);
    try {
      await waitUntil('both runs wait for the migration lock', async () => {
        const [row] = await db.dataSource.query<{ waiting: number }[]>(
          `SELECT count(*)::int AS waiting FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        return row?.waiting === 2;
      });
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
      await holder.release();
    }
    const results = await runs;
    expect(results.map((result) => result.status)).toEqual([0, 0]);
    const outputs = results.map((result) => result.stdout);
    expect(outputs.every((stdout) => stdout.includes('another migration run holds the lock'))).toBe(true);
    expect(outputs.filter((stdout) => stdout.includes(`applied  ${FIRST}`) && stdout.includes(`applied  ${SECOND}`))).toHaveLength(1);
    expect(outputs.filter((stdout) => stdout.includes('nothing to do'))).toHaveLength(1);
  });

  it('exits 78 naming DATABASE_URL when it is missing or not a postgres URL', async () => {
    for (const url of [undefined, '', 'mysql://user:secret@localhost/db']) {
      const result = await migrate(['status'], url);
      expect(result.status).toBe(78);
      expect(result.stderr).toContain('DATABASE_URL');
      expect(result.stdout).toBe('');
    }
  });

  it('fails with exit 1 and no password in its output when PostgreSQL refuses the login', async () => {
    const wrong = new URL(db.url);
    wrong.password = 'not-the-password-4711';
    const result = await migrate(['status'], wrong.toString());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('router migrate failed');
    expect(`${result.stdout}${result.stderr}`).not.toContain('not-the-password-4711');
  });

  it('rejects an unknown command with usage and exit 2', async () => {
    const result = await migrate(['sideways'], db.url);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "sideways"');
    expect(result.stderr).toContain('usage:');
  });
});
