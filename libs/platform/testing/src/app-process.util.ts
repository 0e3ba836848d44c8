import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { waitFor } from './wait-for.util';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface AppProcess {
  readonly baseUrl: string;
  readonly pid: number;
  readonly logFile: string;
  /** Settles when the process ends, however it ends: a crash test asserts how. */
  readonly ended: Promise<ProcessEnd>;
  /** SIGTERM and wait for the exit (the app drains and commits first). */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing drained. */
  kill(): Promise<void>;
}

export interface AppProcessOptions {
  /** Environment on top of this process's (KAFKA_BROKERS, DATABASE_URL, … from the test stack). */
  readonly env: NodeJS.ProcessEnv;
  readonly readyTimeoutMs?: number;
  /** Another entry point than `apps/<app>/src/main.ts`, e.g. a test's with failpoints armed. */
  readonly script?: string;
}

/**
 * Runs an app from another project as its own process, exactly as the gateway runs it, and waits
 * until /health/ready answers 200. Tests use it to put the real router behind a channel's suite
 * without importing across app boundaries. Output goes to .local/test-logs/<app>-<pid>.log.
 */
export async function startAppProcess(app: string, options: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const logDir = join(REPO_ROOT, '.local', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const child = spawn(process.execPath, ['tools/run.js', options.script ?? `apps/${app}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...options.env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${app}`);
  const logFile = join(logDir, `${app}-${pid}.log`);
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const ended = new Promise<ProcessEnd>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `${app} ready at ${baseUrl}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`${app} ended (${child.signalCode ?? child.exitCode}) before it was ready; see ${logFile}`);
        }
        return isReady(baseUrl);
      },
      options.readyTimeoutMs ?? 60_000,
      200,
    );
  } catch (error) {
    await end(child, ended, 'SIGKILL');
    throw error;
  }
  return { baseUrl, pid, logFile, ended, stop: () => end(child, ended, 'SIGTERM'), kill: () => end(child, ended, 'SIGKILL') };
}

/** Runs an app's one-shot command (e.g. `apps/router/src/migrate.main.ts up`) and throws on failure. */
export function runAppCommand(script: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, ['tools/run.js', script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${result.status}): ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

async function end(child: ChildProcess, ended: Promise<ProcessEnd>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await ended;
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}

/** A TCP port free on 127.0.0.1 at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
