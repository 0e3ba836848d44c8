/** One spooled item: a sequence number that only grows (also across restarts) and its payload. */
export interface SpoolEntry<T> {
  readonly seq: number;
  readonly payload: T;
}
