import { lockKeys } from './advisory-lock.util';
import type { SqlExecutor } from './sql-executor';

/**
 * Takes the inbound path's advisory locks on every identity of the given contacts (and on the
 * listed identity ids), so a merge or unmerge never interleaves with a router placing a message
 * from one of those identities. The keys repeat the inbound path's match keys (normalizeIdentity):
 * phone-like kinds share `phone:<E.164>`, the rest are `<kind>:<value>`; stored values are already
 * normalized. Take these before any row lock, as the inbound path does, so neither waits in a circle.
 */
export async function lockContactIdentities(sql: SqlExecutor, tenantId: string, contactIds: readonly string[], identityIds: readonly string[] = []): Promise<void> {
  // A router may be committing a new identity for one of these contacts while we read: it holds
  // that identity's lock, and our read cannot see the row yet. Once we hold the locks we had seen,
  // such a router has committed (it held one of them too), so reading again shows its identity;
  // repeat until a read finds nothing new.
  const held = new Set<string>();
  for (let round = 0; round < MAX_LOCK_ROUNDS; round += 1) {
    const fresh = (await identityLockKeys(sql, tenantId, contactIds, identityIds)).filter((key) => !held.has(key));
    if (fresh.length === 0) return;
    await lockKeys(sql, fresh);
    for (const key of fresh) held.add(key);
  }
  throw new Error(`the identities of contacts ${contactIds.join(', ')} kept changing while they were being locked`);
}

const MAX_LOCK_ROUNDS = 8;

async function identityLockKeys(sql: SqlExecutor, tenantId: string, contactIds: readonly string[], identityIds: readonly string[]): Promise<string[]> {
  const rows = await sql.query<{ key: string }>(
    `SELECT 'identity:' || tenant_id || ':' || CASE WHEN kind IN ('phone', 'whatsapp') THEN 'phone' ELSE kind END || ':' || value AS key
       FROM contact_identities WHERE tenant_id = $1 AND (contact_id = ANY($2::uuid[]) OR id = ANY($3::uuid[]))`,
    [tenantId, contactIds, identityIds],
  );
  return rows.map((row) => row.key);
}
