import type { ContactIdentityKind } from '@tributary/contracts';
import { identityMatchKey } from '@tributary/platform-identity';
import { identityLockKey, lockKeys } from './advisory-lock.util';
import type { SqlExecutor } from './sql-executor';

/**
 * Takes the inbound path's advisory locks on every identity of the given contacts (and on the
 * listed identity ids), so a merge or unmerge never interleaves with a router placing a message
 * from one of those identities. The keys are the inbound path's (identityMatchKey over the stored,
 * already normalized values), so a number stored as WhatsApp locks what an SMS from it locks.
 * Take these before any row lock, as the inbound path does, so neither waits in a circle.
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
  // contact_identities_kind_check admits only the contract's kinds, so the row type holds.
  const rows = await sql.query<{ kind: ContactIdentityKind; value: string }>(
    'SELECT kind, value FROM contact_identities WHERE tenant_id = $1 AND (contact_id = ANY($2::uuid[]) OR id = ANY($3::uuid[]))',
    [tenantId, contactIds, identityIds],
  );
  return [...new Set(rows.map((row) => identityLockKey(tenantId, identityMatchKey(row.kind, row.value))))];
}
