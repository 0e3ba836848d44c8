import type { SqlExecutor } from './sql-executor';

/** The lock on one identity, by its match key, shared by the inbound path and merges so they exclude each other. */
export function identityLockKey(tenantId: string, matchKey: string): string {
  return `identity:${tenantId}:${matchKey}`;
}

/**
 * Serializes work on the same keys across router instances until the transaction ends: one
 * dedupe key is stored once and one identity becomes one contact even when two routers see them
 * at the same moment. A batch locks all its keys at once, in sorted order, so two batches never
 * wait on each other in a circle; one statement, whatever the number of keys.
 */
export async function lockKeys(sql: SqlExecutor, keys: readonly string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return;
  await sql.query(
    `SELECT count(pg_advisory_xact_lock(hashtextextended(key, 0)))
       FROM (SELECT key FROM unnest($1::text[]) WITH ORDINALITY AS keys(key, position) ORDER BY position) ordered`,
    [sorted],
  );
}
