import type { SqlExecutor } from './sql-executor';

/**
 * Serializes work on the same keys across router instances until the transaction ends: one
 * dedupe key is stored once and one identity becomes one contact even when two routers see them
 * at the same moment. Keys are locked in sorted order so two transactions never wait on each
 * other in a circle.
 */
export async function lockKeys(sql: SqlExecutor, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}
