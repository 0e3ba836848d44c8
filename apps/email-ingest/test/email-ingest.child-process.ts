import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { waitFor } from '@tributary/platform-testing';

const REPO_ROOT = resolve(__dirname, '../../..');

export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** email-ingest as its own process, started exactly as the gateway starts it. */
export interface EmailIngestProcess {
  readonly pid: number;
  readonly logFile: string;
  /** How the process ended, whenever it does. */
  readonly ended: Promise<ProcessEnd>;
  /** SIGTERM and wait for the end. */
  stop(): Promise<ProcessEnd>;
}

/**
 * Starts apps/email-ingest and waits for /health/ready. Unlike the shared startAppProcess helper it
 * reports how the process ended (exit code or signal), which a crash test has to see.
 */
export async function startEmailIngestProcess(env: NodeJS.ProcessEnv): Promise<EmailIngestProcess> {
  const port = await freePort();
  const logDir = join(REPO_ROOT, '.local', 'test-logs');
  mkdirSync(logDir, { recursive: true });
  const child = spawn(process.execPath, ['tools/run.js', 'apps/email-ingest/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not start email-ingest');
  const pid = child.pid;
  const logFile = join(logDir, `email-ingest-${pid}.log`);
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let end: ProcessEnd | undefined;
  const ended = new Promise<ProcessEnd>((done) => child.once('exit', (code, signal) => done((end = { code, signal }))));
  const stop = async (): Promise<ProcessEnd> => {
    if (!end) child.kill('SIGTERM');
    return ended;
  };
  try {
    await waitFor(
      `email-ingest ready on port ${port}`,
      async () => {
        if (end) throw new Error(`email-ingest ended (${end.signal ?? end.code}) before it was ready; see ${logFile}`);
        return isReady(`http://127.0.0.1:${port}`);
      },
      90_000,
      250,
    );
  } catch (error) {
    child.kill('SIGKILL');
    await ended;
    throw error;
  }
  return { pid, logFile, ended, stop };
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
