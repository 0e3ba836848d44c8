/** A wait of the benchmark ran out of time; the message says what it waited for and how far it got. */
export class BenchTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchTimeoutError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `work`, or a BenchTimeoutError naming `what` after `ms` (the work itself is not cancelled). */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeoutError(`timed out after ${(ms / 1000).toFixed(0)} s waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PollOptions {
  readonly what: string;
  /** Reads the current count; the wait ends when it reaches `target`. */
  readonly read: () => Promise<number>;
  readonly target: number;
  readonly timeoutMs: number;
  /** Fail early when the count has not moved for this long. */
  readonly stallMs?: number;
  readonly intervalMs?: number;
  /** Called about every `progressEveryMs` with the current count. */
  readonly onProgress?: (count: number, elapsedMs: number) => void;
  readonly progressEveryMs?: number;
}

/** Polls a count until it reaches its target; returns the final count. Bounded by a timeout and a stall limit. */
export async function pollUntil(options: PollOptions): Promise<number> {
  const started = Date.now();
  let last = -1;
  let lastChange = started;
  let lastProgress = started;
  for (;;) {
    const count = await options.read();
    const now = Date.now();
    if (count >= options.target) return count;
    if (count !== last) {
      last = count;
      lastChange = now;
    }
    if (now - lastProgress >= (options.progressEveryMs ?? 2_000)) {
      lastProgress = now;
      options.onProgress?.(count, now - started);
    }
    if (now - started > options.timeoutMs) {
      throw new BenchTimeoutError(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what}: ${count}/${options.target}`);
    }
    if (options.stallMs !== undefined && now - lastChange > options.stallMs) {
      throw new BenchTimeoutError(`no progress for ${Math.round(options.stallMs / 1000)} s waiting for ${options.what}: stuck at ${count}/${options.target}`);
    }
    await sleep(options.intervalMs ?? 200);
  }
}
