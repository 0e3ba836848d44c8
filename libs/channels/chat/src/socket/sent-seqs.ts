/**
 * Which `seq`s one socket has been sent: everything up to a contiguous watermark, plus those sent
 * above it out of order. A visitor's own message (its ack, its event) may take a `seq` above an
 * agent reply committed just before it whose notification is still queued; a plain "highest seq
 * sent" would make the catch-up skip that reply until the widget reconnects.
 */
export class SentSeqs {
  private contiguous: number;
  private readonly above = new Set<number>();

  constructor(upTo = 0) {
    this.contiguous = upTo;
  }

  /** Replays start after this: every `seq` up to it was sent. */
  get watermark(): number {
    return this.contiguous;
  }

  has(seq: number): boolean {
    return seq <= this.contiguous || this.above.has(seq);
  }

  add(seq: number): void {
    if (this.has(seq)) return;
    this.above.add(seq);
    while (this.above.delete(this.contiguous + 1)) this.contiguous += 1;
  }
}
