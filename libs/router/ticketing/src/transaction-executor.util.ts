import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { SqlExecutor } from './sql-executor';
import { isStalePreparedPlan } from './transient-error.util';

/** Runs queries on the transaction's connection and always returns rows. */
export function transactionExecutor(manager: EntityManager): SqlExecutor {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('a transaction without a query runner');
  return queryRunnerExecutor(runner);
}

/**
 * Every statement runs as a named prepared statement on the runner's connection: PostgreSQL parses
 * and plans each distinct text once per connection instead of on every call, which was a good part
 * of the router's time per message. Names come from the text, so equal texts share a plan.
 */
export function queryRunnerExecutor(runner: QueryRunner): SqlExecutor {
  return {
    query: async <TRow>(text: string, parameters?: readonly unknown[]) => {
      const client = (runner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
      if (!client) throw new Error('the query runner holds no connection: run inside a transaction');
      const values = parameters ? [...parameters] : [];
      try {
        const result = await client.query(preparing ? { name: statementName(text), text, values } : { text, values });
        return result.rows as TRow[];
      } catch (error) {
        // The schema changed under a prepared plan (see isStalePreparedPlan): plan every statement afresh from now on.
        if (isStalePreparedPlan(error)) preparing = false;
        throw error;
      }
    },
  };
}

let preparing = true;

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `tributary_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}
