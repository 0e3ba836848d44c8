/**
 * Bounds how many visitor messages a replica stores at once, below its database connections, so a
 * burst waits its turn in memory instead of timing out on an empty pool (measured before it: at 200
 * messages/s over 1,000 sockets a pool of 10 ran dry and two of three messages were refused). Past
 * `maxQueued` waiting, a message is refused at once, told how long the queue ahead of it should
 * take to drain at the recent pace.
 */
export class IntakeGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** A moving average of how long one message holds its slot. */
  private averageMs = 20;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {
    if (maxConcurrent < 1 || maxQueued < 0) throw new RangeError(`an intake gate needs at least one slot (got ${maxConcurrent}) and a queue of 0 or more (got ${maxQueued})`);
  }

  /** A slot, now or once one frees up; undefined when the queue is full. Call the release once done. */
  enter(): Promise<() => void> | undefined {
    if (this.running < this.maxConcurrent) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueued) return undefined;
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  /** How long the messages already waiting should take to go through, at least a second, at most a minute. */
  retryAfterMs(): number {
    return Math.min(60_000, Math.max(1_000, Math.ceil((this.waiting.length / this.maxConcurrent) * this.averageMs)));
  }

  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.averageMs += 0.1 * (performance.now() - started - this.averageMs);
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, so a newcomer cannot overtake the queue.
      if (next) next();
      else this.running -= 1;
    };
  }
}
