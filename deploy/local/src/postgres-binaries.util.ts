import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { newestPostgresBinDir } from './postgres-config.util';
import { findExecutable } from './process-control.util';
import { StackError, StackErrorCode } from './stack.error';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** Folder with initdb and pg_ctl: Debian's newest versioned folder, else whatever is on PATH. */
export function requirePostgresBinDir(): string {
  let entries: string[] = [];
  try {
    entries = readdirSync(DEBIAN_ROOT);
  } catch {
    // not a Debian-style install
  }
  const debian = newestPostgresBinDir(DEBIAN_ROOT, entries);
  if (debian && existsSync(join(debian, 'pg_ctl'))) return debian;
  const onPath = findExecutable('pg_ctl');
  if (onPath) return dirname(onPath);
  throw new StackError(
    StackErrorCode.PrerequisiteMissing,
    'PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql, or set DATABASE_URL to use an existing server',
  );
}

/** How PostgreSQL commands are run and who owns its files: it refuses to run as root. */
export interface PostgresRunner {
  command(binary: string, args: readonly string[]): { command: string; args: string[] };
  /** uid/gid to chown files to, when running as root. */
  readonly owner?: { uid: number; gid: number };
}

export function postgresRunner(): PostgresRunner {
  if (process.getuid?.() !== 0) return { command: (binary, args) => ({ command: binary, args: [...args] }) };
  const owner = lookupUser('postgres');
  const runuser = findExecutable('runuser') ?? ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path));
  if (!owner || !runuser) {
    throw new StackError(
      StackErrorCode.PrerequisiteMissing,
      'running as root: PostgreSQL refuses root and needs the "postgres" OS user and runuser (apt-get install postgresql)',
    );
  }
  return { owner, command: (binary, args) => ({ command: runuser, args: ['-u', 'postgres', '--', binary, ...args] }) };
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [user, , uid, gid] = line.split(':');
      if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no /etc/passwd: not a system where we run as root
  }
  return undefined;
}
