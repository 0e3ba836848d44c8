/** Open sockets per key (a client address, a tenant), so one key cannot take a replica's capacity. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts one more socket for `key`, or refuses (false) when `key` already holds `max`. */
  acquire(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) return false;
    this.open.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = (this.open.get(key) ?? 0) - 1;
    if (count <= 0) this.open.delete(key);
    else this.open.set(key, count);
  }

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}
