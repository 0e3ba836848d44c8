import type { ConsumedRecord, HandlerResult } from './consumed-record';

type Handle<TValue> = (records: readonly ConsumedRecord<TValue>[]) => Promise<HandlerResult<TValue> | void>;

interface Waiting<TValue> {
  readonly records: readonly ConsumedRecord<TValue>[];
  readonly resolve: (result: HandlerResult<TValue>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Hands the partitions' batches that kafkajs passes to its concurrent eachBatch calls in one fetch
 * round to one handler call, and gives each caller back the rejections of its own records. The
 * router stores a round in one database transaction instead of one per partition: two partitions'
 * transactions locked the same customers' identities and waited on each other (a lock convoy), and
 * paid the fixed cost of a transaction twice. A round is what arrived before the event loop turns:
 * kafkajs starts the round's batches in one turn, so nothing waits for a batch that may never come.
 * If the handler throws, every batch of the round throws, and each is redelivered.
 */
export class FetchRoundCoalescer<TValue> {
  private waiting: Waiting<TValue>[] = [];
  private scheduled = false;

  constructor(private readonly handle: Handle<TValue>) {}

  submit(records: readonly ConsumedRecord<TValue>[]): Promise<HandlerResult<TValue>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const round = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const result = await this.handle(round.flatMap((batch) => batch.records));
      const rejected = result?.rejected ?? [];
      for (const batch of round) {
        const own = new Set(batch.records);
        batch.resolve({ rejected: rejected.filter(({ record }) => own.has(record)) });
      }
    } catch (error) {
      for (const batch of round) batch.reject(error);
    }
  }
}
