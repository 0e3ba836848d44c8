/**
 * How long new mail has been waiting in one mailbox: from the first sign of it (an EXISTS, or a
 * sweep that finds mail above the checkpoint) until a sweep has handed off everything the server
 * had announced. 0 when caught up.
 */
export class MailboxLag {
  private waitingSince: number | undefined;
  private sweepStartedAt: number | undefined;
  private signalledDuringSweep: number | undefined;

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** The server announced new mail. */
  signalled(): void {
    const now = this.nowMs();
    this.waitingSince ??= now;
    if (this.sweepStartedAt !== undefined) this.signalledDuringSweep ??= now;
  }

  sweepStarted(): void {
    this.sweepStartedAt = this.nowMs();
    this.signalledDuringSweep = undefined;
  }

  /** The sweep found `pending` mails above the checkpoint (before handing them off). */
  found(pending: number): void {
    if (pending > 0) this.waitingSince ??= this.sweepStartedAt ?? this.nowMs();
  }

  /** The sweep handed off all it found: what is still waiting was announced while it ran. */
  sweepCompleted(): void {
    this.waitingSince = this.signalledDuringSweep;
    this.sweepStartedAt = undefined;
    this.signalledDuringSweep = undefined;
  }

  /** A failed sweep leaves what was waiting waiting. */
  sweepFailed(): void {
    this.waitingSince ??= this.signalledDuringSweep;
    this.sweepStartedAt = undefined;
    this.signalledDuringSweep = undefined;
  }

  seconds(): number {
    return this.waitingSince === undefined ? 0 : Math.max(0, this.nowMs() - this.waitingSince) / 1000;
  }
}
