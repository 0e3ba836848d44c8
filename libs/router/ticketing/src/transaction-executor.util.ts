import type { EntityManager } from 'typeorm';
import type { SqlExecutor } from './sql-executor';

/** Runs queries on the transaction's connection and always returns rows (plain `query` returns [rows, count] for UPDATE … RETURNING). */
export function transactionExecutor(manager: EntityManager): SqlExecutor {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('a transaction without a query runner');
  return {
    query: async <TRow>(text: string, parameters?: readonly unknown[]) =>
      (await runner.query(text, parameters ? [...parameters] : undefined, true)).records as TRow[],
  };
}
