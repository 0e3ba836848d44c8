import { withTimeout } from './wait.util';

interface CleanupTask {
  readonly what: string;
  readonly run: () => Promise<void>;
  readonly timeoutMs: number;
  done: boolean;
}

/** Undo steps registered as resources come up; run newest first, each bounded, each at most once. */
export class CleanupStack {
  private readonly tasks: CleanupTask[] = [];

  /** Registers a step; the returned function runs it now (and never again at the end). */
  push(what: string, run: () => Promise<void>, timeoutMs = 60_000): () => Promise<void> {
    const task: CleanupTask = { what, run, timeoutMs, done: false };
    this.tasks.push(task);
    return () => this.runTask(task);
  }

  /** Runs every step not yet run, newest first; a failing step is reported and the rest still run. */
  async runAll(log: (line: string) => void): Promise<boolean> {
    let ok = true;
    for (const task of [...this.tasks].reverse()) {
      try {
        await this.runTask(task);
      } catch (error) {
        ok = false;
        log(`cleanup: could not ${task.what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return ok;
  }

  private async runTask(task: CleanupTask): Promise<void> {
    if (task.done) return;
    task.done = true;
    await withTimeout(`cleanup step "${task.what}"`, task.timeoutMs, task.run());
  }
}
