import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from './sql-executor';

/**
 * Folds `sourceId` into `targetId`: its identities move over and the move is recorded with the
 * identity ids, so an operator can undo it exactly (move those identities back, clear
 * merged_into_id, mark the merge reverted).
 */
export async function mergeContactInto(
  sql: SqlExecutor,
  merge: { tenantId: string; sourceId: string; targetId: string; reason: string; actor: string },
): Promise<void> {
  const moved = await sql.query<{ id: string }>('UPDATE contact_identities SET contact_id = $2 WHERE contact_id = $1 RETURNING id', [merge.sourceId, merge.targetId]);
  await sql.query(
    `INSERT INTO contact_merges (id, tenant_id, source_contact_id, target_contact_id, moved_identity_ids, reason, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [randomUUID(), merge.tenantId, merge.sourceId, merge.targetId, moved.map((row) => row.id), merge.reason, merge.actor],
  );
  await sql.query('UPDATE contacts SET merged_into_id = $2, updated_at = now() WHERE id = $1', [merge.sourceId, merge.targetId]);
}
