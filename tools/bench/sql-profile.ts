import { performance } from 'node:perf_hooks';
import { InboundMessageV1, parseContract } from '@tributary/contracts';
import { createDataSource } from '@tributary/platform-database';
import type { QueryRunner } from 'typeorm';
import type { MixRecord } from './message-mix';
import { processInboundBatchWith, queryRunnerExecutor, type SqlExecutor, type TransactionRunner } from './router-under-bench';

export interface StatementCost {
  readonly statement: string;
  readonly calls: number;
  readonly ms: number;
}

export interface SqlProfile {
  readonly messages: number;
  readonly batchSize: number;
  readonly wallMs: number;
  /** Time spent awaiting SQL statements (round trip plus server time). */
  readonly sqlMs: number;
  readonly statements: number;
  /** One `SELECT 1` round trip on the same connection. */
  readonly roundTripMs: number;
  readonly top: readonly StatementCost[];
  /** Messages the router would dead-letter, and the first reason. */
  readonly rejected: number;
  readonly firstRejection: string | undefined;
}

function statementKey(text: string): string {
  return text.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim().slice(0, 72);
}

/**
 * Where the router's time per message goes, measured outside the router: the router's own batch
 * step (processInboundBatchWith, what processInboundBatch runs) goes over `records` in batches of
 * `batchSize` on one TypeORM connection whose every statement is counted and timed.
 */
export async function profileIngest(url: string, records: readonly MixRecord[], batchSize: number): Promise<SqlProfile> {
  const messages = records.map((record) => parseContract(InboundMessageV1, record.message));
  const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'tributary-bench-profile' });
  await dataSource.initialize();
  const runner: QueryRunner = dataSource.createQueryRunner();
  const costs = new Map<string, { calls: number; ms: number }>();
  let sqlMs = 0;
  let rejected = 0;
  let firstRejection: string | undefined;
  const router = queryRunnerExecutor(runner);
  const sql: SqlExecutor = {
    query: async <TRow>(text: string, parameters?: readonly unknown[]): Promise<TRow[]> => {
      const started = performance.now();
      const rows = await router.query<TRow>(text, parameters);
      const ms = performance.now() - started;
      sqlMs += ms;
      const key = statementKey(text);
      const cost = costs.get(key) ?? { calls: 0, ms: 0 };
      costs.set(key, { calls: cost.calls + 1, ms: cost.ms + ms });
      return rows;
    },
  };
  try {
    const probeStarted = performance.now();
    for (let i = 0; i < 200; i += 1) await runner.query('SELECT 1');
    const roundTripMs = (performance.now() - probeStarted) / 200;

    const transaction: TransactionRunner = async (work) => {
      await runner.startTransaction();
      try {
        const result = await work(sql);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    };
    const started = performance.now();
    for (let offset = 0; offset < messages.length; offset += batchSize) {
      const result = await processInboundBatchWith(transaction, messages.slice(offset, offset + batchSize));
      rejected += result.rejected.length;
      firstRejection ??= result.rejected[0]?.reason;
    }
    const wallMs = performance.now() - started;
    const top = [...costs.entries()]
      .map(([statement, cost]) => ({ statement, ...cost }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    const statements = [...costs.values()].reduce((sum, cost) => sum + cost.calls, 0);
    return { messages: messages.length, batchSize, wallMs, sqlMs, statements, roundTripMs, top, rejected, firstRejection };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
    await dataSource.destroy();
  }
}
