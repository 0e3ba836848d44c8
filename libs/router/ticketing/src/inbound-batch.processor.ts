import type { InboundMessageV1Message } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import { ingestInboundMessage, type IngestOutcome } from './inbound-ingest.service';
import { transactionExecutor } from './transaction-executor.util';
import { isTransientDatabaseError } from './transient-error.util';

export interface RejectedMessage {
  readonly index: number;
  readonly reason: string;
}

export interface BatchResult {
  readonly outcomes: readonly (IngestOutcome | null)[];
  /** Messages that can never be processed; the caller dead-letters them with the reason. */
  readonly rejected: readonly RejectedMessage[];
}

/**
 * One database transaction per batch. Each message runs under a savepoint, so a message that
 * fails for its own reasons is rolled back alone and reported for the dead-letter topic while the
 * rest commit; a transient failure aborts the whole batch so it is redelivered.
 */
export async function processInboundBatch(dataSource: DataSource, messages: readonly InboundMessageV1Message[]): Promise<BatchResult> {
  return dataSource.transaction(async (manager) => {
    const sql = transactionExecutor(manager);
    const outcomes: (IngestOutcome | null)[] = [];
    const rejected: RejectedMessage[] = [];
    for (const [index, message] of messages.entries()) {
      await sql.query('SAVEPOINT inbound_message');
      try {
        outcomes.push(await ingestInboundMessage(sql, message));
        await sql.query('RELEASE SAVEPOINT inbound_message');
      } catch (error) {
        if (isTransientDatabaseError(error)) throw error;
        await sql.query('ROLLBACK TO SAVEPOINT inbound_message');
        outcomes.push(null);
        rejected.push({ index, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { outcomes, rejected };
  });
}
