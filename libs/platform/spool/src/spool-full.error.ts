/** The spool holds its maximum; callers answer "try later" (HTTP 503) rather than lose the item. */
export class SpoolFullError extends Error {
  readonly code = 'SPOOL_FULL';

  constructor(
    readonly usedBytes: number,
    readonly maxBytes: number,
    /** The disk ran out before the spool reached its own limit. */
    readonly diskFull = false,
  ) {
    super(diskFull ? `spool disk is full (${usedBytes} bytes held)` : `spool is full (${usedBytes} of ${maxBytes} bytes used)`);
    this.name = 'SpoolFullError';
  }
}
