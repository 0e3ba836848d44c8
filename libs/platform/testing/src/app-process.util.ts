import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { waitFor } from './wait-for.util';

const REPO_ROOT = resolve(__dirname, '../../../..');

export interface AppProcess {
  readonly baseUrl: string;
  readonly pid: number;
  readonly logFile: string;
  /** SIGTERM and wait for the exit (the app drains and commits first). */
  stop(): Promise<void>;
  /** SIGKILL: a crash, nothing drained. */
  kill(): Promise<void>;
}

export interface AppProcessOptions {
  /** Environment on top of this process's (KAFKA_BROKERS, DATABASE_URL, … from the test stack). */
  readonly env: NodeJS.ProcessEnv;
  readonly readyTimeoutMs?: number;
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
  const child = spawn(process.execPath, ['tools/run.js', `apps/${app}/src/main.ts`], {
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
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `${app} ready at ${baseUrl}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} before it was ready; see ${logFile}`);
        return isReady(baseUrl);
      },
      options.readyTimeoutMs ?? 60_000,
      200,
    );
  } catch (error) {
    await end(child, exited, 'SIGKILL');
    throw error;
  }
  return { baseUrl, pid, logFile, stop: () => end(child, exited, 'SIGTERM'), kill: () => end(child, exited, 'SIGKILL') };
}

/** Runs an app's one-shot command (e.g. `apps/router/src/migrate.main.ts up`) and throws on failure. */
export function runAppCommand(script: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, ['tools/run.js', script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${result.status}): ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

async function end(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await exited;
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
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
