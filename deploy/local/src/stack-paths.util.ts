import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
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
  return {
    name,
    root,
    stateFile: join(root, 'stack.json'),
    lockFile: join(root, 'stack.lock'),
    logsDir: join(root, 'logs'),
    componentDir: (component) => join(root, component),
    logFile: (component) => join(root, 'logs', `${component}.log`),
  };
}

/** Shared by every checkout, so the first fetch of the jars is the only slow one. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['TRIBUTARY_CACHE_DIR'] || join(homedir(), '.cache', 'tributary');
}
