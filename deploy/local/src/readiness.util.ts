import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { relative } from 'node:path';
import { isProcessAlive, sleep } from './process-control.util';
import { StackError, StackErrorCode } from './stack.error';

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function tcpAnswers(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface ReadinessWait {
  /** e.g. "kafka" */
  readonly what: string;
  readonly check: () => Promise<boolean>;
  readonly timeoutMs: number;
  readonly logFile: string;
  /** When given, the wait fails at once if this process exits. */
  readonly pid?: number;
}

/** Polls until ready; a timeout or an early exit fails with the tail of the server's log. */
export async function waitUntilReady({ what, check, timeoutMs, logFile, pid }: ReadinessWait): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (pid !== undefined && !isProcessAlive(pid)) {
      throw new StackError(StackErrorCode.StartFailed, `${what} exited during startup (log: ${shortPath(logFile)})`, logTail(logFile));
    }
    if (Date.now() > deadline) {
      throw new StackError(
        StackErrorCode.Timeout,
        `${what} was not ready within ${Math.round(timeoutMs / 1000)} s (log: ${shortPath(logFile)})`,
        logTail(logFile),
      );
    }
    await sleep(250);
  }
}

export function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Text appended to a log since `offset`, so a restart does not match the previous run's lines. */
export function readSince(file: string, offset: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const length = Math.max(0, statSync(file).size - offset);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function logTail(file: string, lines = 25): string {
  try {
    // Only the end matters, and a long-lived Kafka log can be large.
    const text = readSince(file, Math.max(0, statSync(file).size - 64 * 1024)).trimEnd();
    const tail = text.split('\n').slice(-lines).map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
    return `--- last lines of ${shortPath(file)} ---\n${tail.join('\n')}`;
  } catch {
    return `(no log at ${file})`;
  }
}

function shortPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd.startsWith('..') ? file : fromCwd;
}
