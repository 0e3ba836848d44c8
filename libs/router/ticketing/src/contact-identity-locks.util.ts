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
  const rows = await sql.query<{ key: string }>(
    `SELECT 'identity:' || tenant_id || ':' || CASE WHEN kind IN ('phone', 'whatsapp') THEN 'phone' ELSE kind END || ':' || value AS key
       FROM contact_identities WHERE tenant_id = $1 AND (contact_id = ANY($2::uuid[]) OR id = ANY($3::uuid[]))`,
    [tenantId, contactIds, identityIds],
  );
  await lockKeys(
    sql,
    rows.map((row) => row.key),
  );
}
