import type { HandoffPublisherPort, HandoffRecord } from './handoff-record';

interface Waiting {
  readonly records: readonly HandoffRecord[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One send in flight at a time, carrying everything that queued while the previous one was out.
 * The idempotent producer keeps one request in flight per broker, so one record per send caps a
 * webhook burst at one round trip per record; batching makes it one round trip per batch, in the
 * same order the records arrived.
 */
export class BatchingPublisher implements HandoffPublisherPort {
  private queue: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly inner: HandoffPublisherPort,
    private readonly maxBatch = 500,
  ) {}

  validate(record: HandoffRecord): void {
    this.inner.validate(record);
  }

  publish(records: readonly HandoffRecord[], signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting: Waiting = { records, resolve, reject };
      this.queue.push(waiting);
      // A caller that gave up (and spooled instead) takes back what has not been sent yet, so the
      // drain does not follow it with a second copy.
      signal?.addEventListener('abort', () => {
        const index = this.queue.indexOf(waiting);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(signal.reason instanceof Error ? signal.reason : new Error('withdrawn'));
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.sending || this.queue.length === 0) return;
    let count = 0;
    let take = 0;
    while (take < this.queue.length && (take === 0 || count + (this.queue[take]?.records.length ?? 0) <= this.maxBatch)) {
      count += this.queue[take]?.records.length ?? 0;
      take += 1;
    }
    const batch = this.queue.splice(0, take);
    this.sending = true;
    this.inner
      .publish(batch.flatMap((waiting) => waiting.records))
      .then(
        () => batch.forEach((waiting) => waiting.resolve()),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        this.sending = false;
        this.pump();
      });
  }
}
