import { insertOutboxRecords, type OutboxRecord, type OutboxSink } from './outbox.repository';
import type { SqlExecutor } from './sql-executor';

/**
 * Collects a batch's outbox rows and writes them in one statement before the batch commits,
 * instead of two round trips per message. Rows keep the order they were announced in, which is
 * the order the relay publishes them. `mark`/`rewind` drop the rows of a message that was rolled
 * back to its savepoint.
 */
export class OutboxBuffer implements OutboxSink {
  private readonly records: OutboxRecord[] = [];

  append(_sql: SqlExecutor, record: OutboxRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }

  mark(): number {
    return this.records.length;
  }

  rewind(mark: number): void {
    this.records.length = mark;
  }

  async flush(sql: SqlExecutor): Promise<void> {
    // Chunks keep each statement's arrays a reasonable size for very large batches.
    for (let start = 0; start < this.records.length; start += 2_000) {
      await insertOutboxRecords(sql, this.records.slice(start, start + 2_000));
    }
    this.records.length = 0;
  }
}
