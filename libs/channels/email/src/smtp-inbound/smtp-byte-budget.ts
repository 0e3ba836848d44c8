/**
 * Bytes of mail that inbound SMTP sessions may hold at once, across all sessions. A session takes
 * bytes as its DATA arrives and gives them back when its mail has been handed off or refused (or the
 * client went away). A take that would go over the limit is refused whole: the session then answers
 * 452 and the sending server retries later.
 */
export class SmtpByteBudget {
  private used = 0;

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`byte budget must be a positive integer, got ${limit}`);
  }

  get inUse(): number {
    return this.used;
  }

  get available(): number {
    return this.limit - this.used;
  }

  /** Takes `bytes` if they fit, and says whether they did. */
  tryTake(bytes: number): boolean {
    if (bytes < 0 || this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    if (bytes < 0 || bytes > this.used) throw new RangeError(`cannot give back ${bytes} bytes, only ${this.used} are taken`);
    this.used -= bytes;
  }
}
