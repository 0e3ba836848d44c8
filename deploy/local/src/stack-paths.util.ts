import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { StackError, StackErrorCode } from './stack.error';
import type { StackComponent } from './stack.types';

/** The repository root: the nearest folder above this file that holds nx.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export interface StackPaths {
  readonly name: string;
  readonly root: string;
  readonly stateFile: string;
  readonly lockFile: string;
  readonly logsDir: string;
  componentDir(component: StackComponent): string;
  logFile(component: StackComponent): string;
}

const STACK_NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;

export function stackPaths(name: string, base: string = repoRoot()): StackPaths {
  // The name becomes a folder and part of process markers, so keep it to a safe alphabet.
  if (!STACK_NAME.test(name)) {
    throw new StackError(
      StackErrorCode.InvalidConfig,
      `stack name "${name}" must be lowercase letters, digits and dashes (at most 31)`,
    );
  }
  const root = join(base, '.local', 'stack', name);
  const postgresHome = postgresHomeFor(root);
  return {
    name,
    root,
    stateFile: join(root, 'stack.json'),
    lockFile: join(root, 'stack.lock'),
    logsDir: join(root, 'logs'),
    componentDir: (component) => (component === 'postgres' && postgresHome ? postgresHome : join(root, component)),
    logFile: (component) => (component === 'postgres' && postgresHome ? join(postgresHome, 'postgres.log') : join(root, 'logs', `${component}.log`)),
  };
}

/** Where clusters live that the postgres OS user could not reach inside the checkout. */
export const OUTSIDE_POSTGRES_BASE = '/var/tmp/tributary-postgres';

/**
 * As root the cluster runs as the postgres OS user, who must walk down to its folder. A checkout in
 * a private folder (root's home is mode 700) denies that, so its cluster and the cluster's log live
 * under OUTSIDE_POSTGRES_BASE instead, in a folder named after the stack's path; undefined when the
 * usual place inside the checkout works.
 */
export function postgresHomeFor(stackRoot: string, uid: number | undefined = process.getuid?.(), traversable: (dir: string) => boolean = traversableByOthers): string | undefined {
  if (uid !== 0) return undefined;
  const blocked = ancestorsOf(stackRoot).some((dir) => existsSync(dir) && !traversable(dir));
  if (!blocked) return undefined;
  return join(OUTSIDE_POSTGRES_BASE, createHash('sha256').update(stackRoot).digest('hex').slice(0, 16));
}

function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let dir = dirname(path); dir !== parse(dir).root; dir = dirname(dir)) ancestors.push(dir);
  return ancestors;
}

function traversableByOthers(dir: string): boolean {
  return (statSync(dir).mode & 0o001) !== 0;
}

/** Shared by every checkout, so the first fetch of the jars is the only slow one. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['TRIBUTARY_CACHE_DIR'] || join(homedir(), '.cache', 'tributary');
}
