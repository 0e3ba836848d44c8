import { insertOutboxRecords, type OutboxRecord, type OutboxSink } from './outbox.repository';
import type { SqlExecutor } from './sql-executor';

/**
 * Collects outbox rows and writes them in one statement (per set-based run, or per message on
 * the savepoint path) instead of two round trips per message. Rows keep the order they were
 * announced in, which is the order the relay publishes them; the buffer is flushed before anything
 * writes outbox rows directly, so those never overtake it.
 */
export class OutboxBuffer implements OutboxSink {
  private readonly records: OutboxRecord[] = [];

  append(_sql: SqlExecutor, record: OutboxRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }

  /** Drops the rows not yet written (their message was rolled back). */
  discard(): void {
    this.records.length = 0;
  }

  async flush(sql: SqlExecutor): Promise<void> {
    // Chunks keep each statement's arrays a reasonable size for very large batches.
    for (let start = 0; start < this.records.length; start += 2_000) {
      await insertOutboxRecords(sql, this.records.slice(start, start + 2_000));
    }
    this.records.length = 0;
  }
}
