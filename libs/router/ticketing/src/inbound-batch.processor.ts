import type { InboundMessageV1Message } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import { InboundBatchContext } from './inbound-batch.context';
import { ingestInboundMessage, type IngestOutcome } from './inbound-ingest.service';
import { prepareMessage, type PreparedMessage } from './prepared-message';
import type { SqlExecutor } from './sql-executor';
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

/** A message failed for its own reasons in a batch run without savepoints: run the batch again with them. */
class MessageFailedWithoutSavepoint extends Error {}

type Slot = { readonly index: number; readonly prepared: PreparedMessage };

/**
 * One database transaction per batch. Messages that can't even be read (an impossible phone
 * number) are rejected before any SQL. The rest first run without savepoints, the fast path; if one
 * fails for its own reasons the transaction is rolled back and the batch runs again with a
 * savepoint per message, so the failing one is rolled back alone and reported for the dead-letter
 * topic while the rest commit. A transient failure aborts the batch so it is redelivered.
 */
export function processInboundBatch(dataSource: DataSource, messages: readonly InboundMessageV1Message[]): Promise<BatchResult> {
  return processInboundBatchWith((work) => dataSource.transaction((manager) => work(transactionExecutor(manager))), messages);
}

/** Runs `work` in one database transaction: committed when it resolves, rolled back when it throws. */
export type TransactionRunner = <T>(work: (sql: SqlExecutor) => Promise<T>) => Promise<T>;

/** processInboundBatch over any transaction runner (the benchmark's counts and times every statement). */
export async function processInboundBatchWith(transaction: TransactionRunner, messages: readonly InboundMessageV1Message[]): Promise<BatchResult> {
  const outcomes: (IngestOutcome | null)[] = messages.map(() => null);
  const rejected: RejectedMessage[] = [];
  const slots: Slot[] = [];
  for (const [index, message] of messages.entries()) {
    try {
      slots.push({ index, prepared: prepareMessage(message) });
    } catch (error) {
      rejected.push({ index, reason: reasonOf(error) });
    }
  }
  if (slots.length === 0) return { outcomes, rejected };

  let run: { stored: Map<number, IngestOutcome>; failed: RejectedMessage[] };
  try {
    run = await runBatch(transaction, slots, false);
  } catch (error) {
    if (!(error instanceof MessageFailedWithoutSavepoint)) throw error;
    run = await runBatch(transaction, slots, true);
  }
  for (const [index, outcome] of run.stored) outcomes[index] = outcome;
  rejected.push(...run.failed);
  return { outcomes, rejected: rejected.sort((a, b) => a.index - b.index) };
}

async function runBatch(transaction: TransactionRunner, slots: readonly Slot[], isolateMessages: boolean) {
  return transaction(async (sql) => {
    const batch = await InboundBatchContext.open(sql, slots.map((slot) => slot.prepared));
    const stored = new Map<number, IngestOutcome>();
    const failed: RejectedMessage[] = [];
    for (const { index, prepared } of slots) {
      const outcome = isolateMessages ? await ingestIsolated(sql, batch, prepared) : await ingestOrFail(sql, batch, prepared);
      if (outcome instanceof Error) {
        failed.push({ index, reason: outcome.message });
        continue;
      }
      stored.set(index, outcome);
      batch.markStored(prepared.message.tenantId, prepared.dedupeKey);
    }
    await batch.flush(sql);
    return { stored, failed };
  });
}

async function ingestOrFail(sql: SqlExecutor, batch: InboundBatchContext, prepared: PreparedMessage): Promise<IngestOutcome> {
  try {
    return await ingestInboundMessage(sql, batch, prepared);
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    throw new MessageFailedWithoutSavepoint(reasonOf(error));
  }
}

/** The message's own failure comes back as an Error value; everything else it wrote is undone. */
async function ingestIsolated(sql: SqlExecutor, batch: InboundBatchContext, prepared: PreparedMessage): Promise<IngestOutcome | Error> {
  const outboxMark = batch.outbox.mark();
  await sql.query('SAVEPOINT inbound_message');
  try {
    const outcome = await ingestInboundMessage(sql, batch, prepared);
    await sql.query('RELEASE SAVEPOINT inbound_message');
    return outcome;
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await sql.query('ROLLBACK TO SAVEPOINT inbound_message');
    batch.outbox.rewind(outboxMark);
    return new Error(reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
