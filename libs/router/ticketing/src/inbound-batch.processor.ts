import type { InboundMessageV1Message } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import { storeAnnouncedAttachments } from './announced-attachments';
import { InboundBatchContext } from './inbound-batch.context';
import { ingestInboundMessage, type IngestOutcome } from './inbound-ingest.service';
import { prepareMessage, type PreparedMessage } from './prepared-message';
import { ingestBatchSetBased } from './set-based/set-based-batch';
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
  /** The path that stored the batch, and why faster ones gave up (for logs and metrics). */
  readonly path: IngestPath;
  readonly fallbacks: readonly { readonly path: IngestPath; readonly reason: string }[];
}


type Slot = { readonly index: number; readonly prepared: PreparedMessage };

/**
 * One database transaction per batch. Messages that can't even be read (an impossible phone
 * number) are rejected before any SQL. The rest go down the first of PATHS that finishes: if a
 * path fails for reasons of its own the transaction is rolled back and the next, slower one runs;
 * the last isolates each message under a savepoint, so one PostgreSQL refuses is rolled back alone
 * and reported for the dead-letter topic while the rest commit. A transient failure aborts the
 * batch so it is redelivered.
 */
export function processInboundBatch(dataSource: DataSource, messages: readonly InboundMessageV1Message[], options: BatchOptions = {}): Promise<BatchResult> {
  return processInboundBatchWith((work) => dataSource.transaction((manager) => work(transactionExecutor(manager))), messages, options);
}

export interface BatchOptions {
  /** The paths to try, in order; all of PATHS by default (tests pin one to compare them). */
  readonly paths?: readonly IngestPath[];
}

/** Runs `work` in one database transaction: committed when it resolves, rolled back when it throws. */
export type TransactionRunner = <T>(work: (sql: SqlExecutor) => Promise<T>) => Promise<T>;

/** processInboundBatch over any transaction runner (the benchmark's counts and times every statement). */
export async function processInboundBatchWith(
  transaction: TransactionRunner,
  messages: readonly InboundMessageV1Message[],
  options: BatchOptions = {},
): Promise<BatchResult> {
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
  if (slots.length === 0) return { outcomes, rejected, path: 'set-based', fallbacks: [] };

  const fallbacks: { path: IngestPath; reason: string }[] = [];
  const paths = options.paths ?? PATHS;
  for (const path of paths) {
    try {
      const run = await runBatch(transaction, slots, path);
      for (const [index, outcome] of run.stored) outcomes[index] = outcome;
      rejected.push(...run.failed);
      return { outcomes, rejected: rejected.sort((a, b) => a.index - b.index), path, fallbacks };
    } catch (error) {
      // The next path copes with what this one could not; only the last never gives up on a message.
      if (isTransientDatabaseError(error) || path === paths[paths.length - 1]) throw error;
      fallbacks.push({ path, reason: reasonOf(error) });
    }
  }
  throw new Error('no ingest path finished the batch');
}

/**
 * set-based: the whole batch in a fixed number of statements (the usual case);
 * per-message: each message on its own statements, for batches that merge contacts or race another router;
 * isolated: per-message with a savepoint each, so a message PostgreSQL refuses is rolled back alone.
 */
const PATHS = ['set-based', 'per-message', 'isolated'] as const;
export type IngestPath = (typeof PATHS)[number];

async function runBatch(transaction: TransactionRunner, slots: readonly Slot[], path: IngestPath) {
  return transaction(async (sql) => {
    const batch = await InboundBatchContext.open(sql, slots.map((slot) => slot.prepared));
    const stored = new Map<number, IngestOutcome>();
    const failed: RejectedMessage[] = [];
    if (path === 'set-based') {
      await ingestSetBasedSegments(sql, batch, slots, stored);
      await storeAnnouncedAttachments(sql, batch, storedMessages(slots, stored));
      return { stored, failed };
    }
    for (const { index, prepared } of slots) {
      const outcome = path === 'isolated' ? await ingestIsolated(sql, batch, prepared) : await ingestInboundMessage(sql, batch, prepared);
      if (outcome instanceof Error) {
        failed.push({ index, reason: outcome.message });
        continue;
      }
      stored.set(index, outcome);
      batch.markStored(prepared.message.tenantId, prepared.dedupeKey);
    }
    await batch.flush(sql);
    await storeAnnouncedAttachments(sql, batch, storedMessages(slots, stored));
    return { stored, failed };
  });
}

function storedMessages(slots: readonly Slot[], stored: ReadonlyMap<number, IngestOutcome>) {
  return slots.flatMap(({ index, prepared }) => {
    const outcome = stored.get(index);
    return outcome ? [{ message: prepared.message, outcome }] : [];
  });
}

/** Set-based runs between the messages that merge contacts, which are stored one at a time. */
async function ingestSetBasedSegments(sql: SqlExecutor, batch: InboundBatchContext, slots: readonly Slot[], stored: Map<number, IngestOutcome>): Promise<void> {
  const remember = (slot: Slot, outcome: IngestOutcome) => {
    stored.set(slot.index, outcome);
    batch.markStored(slot.prepared.message.tenantId, slot.prepared.dedupeKey);
  };
  for (let start = 0; start < slots.length; ) {
    const rest = slots.slice(start);
    const run = await ingestBatchSetBased(sql, batch, rest.map((slot) => slot.prepared));
    for (const [position, outcome] of run.outcomes.entries()) remember(rest[position] as Slot, outcome);
    await batch.flush(sql);
    start += run.consumed;
    const merging = slots[start];
    if (merging) {
      remember(merging, await ingestInboundMessage(sql, batch, merging.prepared));
      await batch.flush(sql);
      start += 1;
    }
  }
}

/**
 * The message's own failure comes back as an Error value; everything it wrote is undone. Its
 * outbox rows are written inside its savepoint, so a row PostgreSQL refuses fails this message
 * alone, and a rolled-back message leaves none behind.
 */
async function ingestIsolated(sql: SqlExecutor, batch: InboundBatchContext, prepared: PreparedMessage): Promise<IngestOutcome | Error> {
  await sql.query('SAVEPOINT inbound_message');
  try {
    const outcome = await ingestInboundMessage(sql, batch, prepared);
    await batch.flush(sql);
    await sql.query('RELEASE SAVEPOINT inbound_message');
    return outcome;
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await sql.query('ROLLBACK TO SAVEPOINT inbound_message');
    batch.outbox.discard();
    return new Error(reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
