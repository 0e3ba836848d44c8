import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const POSTGRES_USER = 'tributary';
export const POSTGRES_DATABASE = 'tributary';

/** Unix socket paths are limited to 107 bytes (sun_path); PostgreSQL refuses longer ones. */
const MAX_SOCKET_PATH = 107;

export function postgresUrl(port: number, password: string, database: string = POSTGRES_DATABASE): string {
  return `postgres://${POSTGRES_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Settings the stack owns, kept in data/tributary.conf and included from postgresql.conf. */
export function renderPostgresConf(port: number, socketDir: string): string {
  return [
    '# Written by deploy/local on every start; edits are overwritten.',
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${socketDir.replace(/'/g, "''")}'`,
    // A dev/test database: losing the last few commits on a machine crash is fine, slow tests are not.
    'synchronous_commit = off',
    '',
  ].join('\n');
}

/** The socket folder under the data folder, or a short one under tmp when that path is too long. */
export function chooseSocketDir(preferred: string, port: number, tmpDir: string): string {
  if (join(preferred, `.s.PGSQL.${port}`).length <= MAX_SOCKET_PATH) return preferred;
  const digest = createHash('sha256').update(preferred).digest('hex').slice(0, 12);
  return join(tmpDir, `tributary-pg-${digest}`);
}

/** Newest server among `/usr/lib/postgresql/<major>/bin` folders, by major version number. */
export function newestPostgresBinDir(root: string, entries: readonly string[]): string | undefined {
  const majors = entries.filter((entry) => /^\d+(\.\d+)?$/.test(entry)).sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(root, majors[0], 'bin');
}
