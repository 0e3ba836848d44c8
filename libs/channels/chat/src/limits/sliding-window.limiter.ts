/**
 * At most `limit` events per key in any `windowMs`: each key keeps the times of its recent events,
 * so a burst at a window's edge cannot double the rate as a fixed window would. Memory is bounded
 * by the limit per active key; idle keys are dropped as they are seen empty.
 */
export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the event and returns 0, or returns how many ms until one is allowed (nothing counted). */
  take(key: string): number {
    const now = this.now();
    const recent = (this.events.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.events.set(key, recent);
      return (recent[0] ?? now) + this.windowMs - now;
    }
    recent.push(now);
    this.events.set(key, recent);
    return 0;
  }

  /** Forgets keys with no event in the window (called now and then, e.g. by the heartbeat). */
  sweep(): void {
    const horizon = this.now() - this.windowMs;
    for (const [key, times] of this.events) if ((times.at(-1) ?? 0) <= horizon) this.events.delete(key);
  }
}
