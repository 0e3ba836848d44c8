import { spawn } from 'node:child_process';
import { repoRoot } from '../src/index';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A command run as its own process, its output collected as it comes. */
export interface RunningCommand {
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<ProcessExit>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs `command` from the repository root; a process still running when the suite ends is the caller's to kill. */
export function runCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): RunningCommand {
  const child = spawn(command, [...args], { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<ProcessExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { stdout: () => stdout, stderr: () => stderr, exited, kill: (signal) => void child.kill(signal) };
}

/** `./tributary tail …` exactly as the script runs it. */
export function runTail(args: readonly string[], env: NodeJS.ProcessEnv = process.env): RunningCommand {
  return runCommand(process.execPath, ['tools/run.js', 'deploy/local/cli/tail.cli.ts', ...args], env);
}
