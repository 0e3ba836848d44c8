import type { DataSource } from 'typeorm';
import type { RejectedMessage } from './inbound-batch.processor';
import type { SqlExecutor } from './sql-executor';
import { transactionExecutor } from './transaction-executor.util';
import { isTransientDatabaseError } from './transient-error.util';

export interface IsolatedBatchResult<TOutcome> {
  /** Per item, in order; null for rejected ones. */
  readonly outcomes: readonly (TOutcome | null)[];
  /** Items the router can never apply: for the dead-letter topic. */
  readonly rejected: readonly RejectedMessage[];
}

/**
 * Applies a batch in one transaction, each item under a savepoint of its own: an item the rules
 * reject, or PostgreSQL refuses (say, a NUL in a provider's text), is dead-lettered alone instead of
 * blocking its partition; a transient error rolls the whole batch back for a retry.
 */
export function applyEachIsolated<TItem, TOutcome extends string>(
  dataSource: DataSource,
  items: readonly TItem[],
  apply: (sql: SqlExecutor, item: TItem) => Promise<TOutcome | { reason: string }>,
): Promise<IsolatedBatchResult<TOutcome>> {
  return dataSource.transaction(async (manager) => {
    const sql = transactionExecutor(manager);
    const outcomes: (TOutcome | null)[] = [];
    const rejected: RejectedMessage[] = [];
    for (const [index, item] of items.entries()) {
      const outcome = await applyUnderSavepoint(sql, item, apply);
      if (typeof outcome === 'string') {
        outcomes.push(outcome);
      } else {
        outcomes.push(null);
        rejected.push({ index, reason: outcome.reason });
      }
    }
    return { outcomes, rejected };
  });
}

async function applyUnderSavepoint<TItem, TOutcome extends string>(
  sql: SqlExecutor,
  item: TItem,
  apply: (sql: SqlExecutor, item: TItem) => Promise<TOutcome | { reason: string }>,
): Promise<TOutcome | { reason: string }> {
  await sql.query('SAVEPOINT batch_item');
  try {
    const outcome = await apply(sql, item);
    await sql.query('RELEASE SAVEPOINT batch_item');
    return outcome;
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await sql.query('ROLLBACK TO SAVEPOINT batch_item');
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}
