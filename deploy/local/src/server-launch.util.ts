import { spawnDetached, terminateProcess } from './process-control.util';
import type { DetachedProcess } from './process-control.util';
import { fileSize, readSince, waitUntilReady } from './readiness.util';

export interface ServerLaunch extends DetachedProcess {
  readonly what: string;
  readonly timeoutMs: number;
  /** Readiness check; `newLog` is what the server has written to its log since this launch. */
  readonly isReady: (newLog: () => string) => Promise<boolean>;
  readonly onSpawned: (pid: number) => void;
}

/** Spawns a detached server and waits for it; a server that never gets ready is killed, not left behind. */
export async function launchServer(launch: ServerLaunch): Promise<number> {
  const offset = fileSize(launch.logFile);
  const pid = spawnDetached(launch);
  launch.onSpawned(pid);
  try {
    await waitUntilReady({
      what: launch.what,
      pid,
      logFile: launch.logFile,
      timeoutMs: launch.timeoutMs,
      check: () => launch.isReady(() => readSince(launch.logFile, offset)),
    });
    return pid;
  } catch (error) {
    await terminateProcess(pid, 5_000);
    throw error;
  }
}
