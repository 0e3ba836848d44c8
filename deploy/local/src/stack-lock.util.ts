import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isProcessAlive, sleep } from './process-control.util';
import { StackError, StackErrorCode } from './stack.error';

/**
 * Serialises start/stop of one stack across processes (two jest runs, a CLI in another terminal).
 * The lock file holds the owner's pid; a lock whose owner died is taken over.
 */
export async function withStackLock<T>(
  lockFile: string,
  log: (line: string) => void,
  work: () => Promise<T>,
  timeoutMs = 300_000,
): Promise<T> {
  mkdirSync(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  while (!tryAcquire(lockFile)) {
    const owner = lockOwner(lockFile);
    if (owner !== undefined && !isProcessAlive(owner)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new StackError(StackErrorCode.Busy, `${lockFile} is held by pid ${owner ?? '?'}; is another start or stop running?`);
    }
    if (!announced) log(`waiting for pid ${owner ?? '?'} to finish with this stack…`);
    announced = true;
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    if (lockOwner(lockFile) === process.pid) rmSync(lockFile, { force: true });
  }
}

function tryAcquire(lockFile: string): boolean {
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return false;
    throw error;
  }
}

function lockOwner(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
