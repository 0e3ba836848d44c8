export interface MediaRetryBackoff {
  /** Wait after the first failed attempt (the intake's). */
  readonly firstDelayMs: number;
  /** The wait doubles with each further failure up to this. */
  readonly maxDelayMs: number;
}

/** How long to wait after `attempts` failed attempts before the next: doubling, capped. */
export function mediaRetryDelayMs(attempts: number, backoff: MediaRetryBackoff): number {
  const doublings = Math.max(0, attempts - 1);
  // Capped before the power, so a large attempt count cannot overflow to Infinity.
  return Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** Math.min(doublings, 40));
}
