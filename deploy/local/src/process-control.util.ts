import { execFile, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StackError, StackErrorCode } from './stack.error';

export interface DetachedProcess {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
  /** Defaults to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Starts a server that outlives this process: own session, output appended to its log file. */
export function spawnDetached({ command, args, cwd, logFile, env }: DetachedProcess): number {
  const out = openSync(logFile, 'a');
  try {
    const child = spawn(command, [...args], { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', out, out] });
    if (child.pid === undefined) {
      throw new StackError(StackErrorCode.StartFailed, `could not start ${command}`);
    }
    child.unref();
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** Alive and not a zombie (a zombie still answers signal 0 until its parent reaps it). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Guards against pid reuse: our servers carry their component folder on the command line. Where
 * /proc is missing (macOS) we can only trust the pid.
 */
export function isOwnProcess(pid: number, marker: string): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true;
  }
}

/** SIGTERM, wait for a clean exit, SIGKILL after `graceMs`. */
export async function terminateProcess(pid: number, graceMs = 20_000): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  if (await waitForExit(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; failure carries its output, which is usually the explanation. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const output = `${stdout}${stderr}`.trim().split('\n').slice(-20).join('\n');
        const shown = [command, ...args].join(' ');
        reject(new StackError(StackErrorCode.CommandFailed, `command failed: ${shown} (${error.message.split('\n')[0]})`, output));
      },
    );
  });
}

/** Absolute path of an executable on PATH, or undefined. */
export function findExecutable(name: string, path: string = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
