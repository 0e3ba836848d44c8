import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ComponentServer, ServerContext } from './component-server';
import { postgresRunner, requirePostgresBinDir } from './postgres-binaries.util';
import type { PostgresRunner } from './postgres-binaries.util';
import { ensureDatabase } from './postgres-client.util';
import { chooseSocketDir, POSTGRES_USER, renderPostgresConf } from './postgres-config.util';
import { createPostgresPassword, postgresPassword } from './postgres-password.util';
import { runCommand, terminateProcess } from './process-control.util';
import { logTail, tcpAnswers } from './readiness.util';
import { StackError, StackErrorCode } from './stack.error';

/** A private PostgreSQL cluster under .local/stack/<name>/postgres, on its own port. */
export const postgresServer: ComponentServer<'postgres'> = {
  component: 'postgres',

  answers: (ports) => tcpAnswers(ports.port),

  async start(context, ports) {
    const bin = requirePostgresBinDir();
    const runner = postgresRunner();
    const dir = context.paths.componentDir('postgres');
    const dataDir = join(dir, 'data');
    const logFile = context.paths.logFile('postgres');
    const socketDir = chooseSocketDir(join(dir, 'run'), ports.port, tmpdir());
    if (!dir.startsWith(context.paths.root)) {
      context.log(`the postgres OS user cannot reach ${context.paths.root}: this stack's cluster and its log live in ${dir}`);
    }
    // Traversable, so the postgres OS user reaches its own folder below (it may be a new folder outside the checkout).
    mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
    for (const folder of [dir, socketDir]) ownedBy(runner, folder, () => mkdirSync(folder, { recursive: true, mode: 0o700 }));
    ownedBy(runner, logFile, () => appendFileSync(logFile, ''));
    const run = (binary: string, args: readonly string[]): ReturnType<typeof runCommand> => {
      const { command, args: fullArgs } = runner.command(join(bin, binary), args);
      return runCommand(command, fullArgs, { cwd: dir, timeoutMs: 120_000 });
    };

    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initCluster(context, runner, run, dir, dataDir);
    ownedBy(runner, join(dataDir, 'tributary.conf'), (file) => writeFileSync(file, renderPostgresConf(ports.port, socketDir)));

    context.log(`starting PostgreSQL on 127.0.0.1:${ports.port}…`);
    try {
      await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-s', 'start']);
    } catch (error) {
      const headline = error instanceof StackError ? error.headline : String(error);
      throw new StackError(StackErrorCode.StartFailed, `postgres did not start: ${headline}`, logTail(logFile));
    }
    const pid = readPostmasterPid(dataDir);
    if (pid === undefined) throw new StackError(StackErrorCode.StartFailed, 'postgres started but wrote no postmaster.pid', logTail(logFile));
    context.onSpawned(pid);
    await ensureDatabase(ports.port, postgresPassword(context.paths));
    return pid;
  },

  runningPid: (context) => readPostmasterPid(join(context.paths.componentDir('postgres'), 'data')),

  async stop(context, record) {
    const dataDir = join(context.paths.componentDir('postgres'), 'data');
    const { command, args } = postgresRunner().command(join(requirePostgresBinDir(), 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', '-s', 'stop']);
    try {
      await runCommand(command, args, { cwd: context.paths.componentDir('postgres'), timeoutMs: 60_000 });
    } catch (error) {
      context.log(`pg_ctl stop failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); killing`);
      if (record.pid !== undefined) await terminateProcess(record.pid, 10_000);
    }
  },
};

/** First line of postmaster.pid; the file outlives a crash, so callers still check the pid is alive. */
function readPostmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

type Run = (binary: string, args: readonly string[]) => ReturnType<typeof runCommand>;

async function initCluster(context: ServerContext, runner: PostgresRunner, run: Run, dir: string, dataDir: string): Promise<void> {
  context.log('creating the PostgreSQL cluster (first start of this stack)…');
  if (runner.owner) await assertReachable(runner, dir);
  rmSync(dataDir, { recursive: true, force: true });
  const pwfile = join(dir, 'pwfile');
  const password = createPostgresPassword(context.paths);
  ownedBy(runner, pwfile, (file) => writeFileSync(file, `${password}\n`, { mode: 0o600 }));
  try {
    const { stdout, stderr } = await run('initdb', [
      '-D', dataDir, '-U', POSTGRES_USER, `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync',
    ]);
    appendFileSync(context.paths.logFile('postgres'), `${stdout}${stderr}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  appendFileSync(join(dataDir, 'postgresql.conf'), "\ninclude_if_exists = 'tributary.conf'\n");
}

/** As root the cluster belongs to the postgres user, who must be able to walk down to the data folder. */
async function assertReachable(runner: PostgresRunner, dir: string): Promise<void> {
  const { command, args } = runner.command('test', ['-w', dir]);
  try {
    await runCommand(command, args, { cwd: '/' });
  } catch {
    throw new StackError(
      StackErrorCode.PrerequisiteMissing,
      `the postgres OS user cannot write ${dir}: make its parent folders traversable (chmod o+x) or set DATABASE_URL`,
    );
  }
}

function ownedBy(runner: PostgresRunner, path: string, create: (path: string) => void): void {
  create(path);
  if (runner.owner) chownSync(path, runner.owner.uid, runner.owner.gid);
}
