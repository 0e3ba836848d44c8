import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from './sql-executor';
import type { TicketRow } from './ticket.repository';

/** What a contact merge did to tickets, recorded so an unmerge can restore it. */
export interface TicketHandover {
  readonly movedTicketIds: readonly string[];
  /** Where both contacts had an open ticket: the one closed as merged, its status before, and the survivor. */
  readonly closed?: { readonly ticketId: string; readonly previousStatus: TicketRow['status']; readonly survivorId: string } | undefined;
}

export interface ContactMergeRow {
  id: string;
  tenant_id: string;
  source_contact_id: string;
  target_contact_id: string;
  moved_identity_ids: string[];
  moved_ticket_ids: string[];
  closed_ticket_id: string | null;
  closed_ticket_status: TicketRow['status'] | null;
  surviving_ticket_id: string | null;
  reason: string;
  actor: string;
  merged_at: Date;
  reverted_at: Date | null;
  reverted_by: string | null;
}

/**
 * Folds `sourceId` into `targetId`: its identities move over and the move is recorded with the
 * identity ids and the ticket hand-over, so an unmerge can undo it exactly. Returns the merge id.
 */
export async function mergeContactInto(
  sql: SqlExecutor,
  merge: { tenantId: string; sourceId: string; targetId: string; reason: string; actor: string; tickets?: TicketHandover },
): Promise<string> {
  const id = randomUUID();
  const moved = await sql.query<{ id: string }>('UPDATE contact_identities SET contact_id = $2 WHERE contact_id = $1 RETURNING id', [merge.sourceId, merge.targetId]);
  await sql.query(
    `INSERT INTO contact_merges (id, tenant_id, source_contact_id, target_contact_id, moved_identity_ids, reason, actor,
                                 moved_ticket_ids, closed_ticket_id, closed_ticket_status, surviving_ticket_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      merge.tenantId,
      merge.sourceId,
      merge.targetId,
      moved.map((row) => row.id),
      merge.reason,
      merge.actor,
      merge.tickets?.movedTicketIds ?? [],
      merge.tickets?.closed?.ticketId ?? null,
      merge.tickets?.closed?.previousStatus ?? null,
      merge.tickets?.closed?.survivorId ?? null,
    ],
  );
  await sql.query('UPDATE contacts SET merged_into_id = $2, updated_at = now() WHERE id = $1', [merge.sourceId, merge.targetId]);
  return id;
}

export async function findContactMerge(sql: SqlExecutor, tenantId: string, mergeId: string, lock = false): Promise<ContactMergeRow | null> {
  const [row] = await sql.query<ContactMergeRow>(`SELECT * FROM contact_merges WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [tenantId, mergeId]);
  return row ?? null;
}

/**
 * Undoes the identity side of a merge: the recorded identities still with the merge's target go
 * back, and the source stands alone again. One a later merge carried on to a third contact stays
 * there: undoing merges out of order must never take what another merge moved.
 */
export async function revertContactMerge(sql: SqlExecutor, merge: ContactMergeRow, actor: string): Promise<string[]> {
  const restored = await sql.query<{ id: string }>(
    'UPDATE contact_identities SET contact_id = $2 WHERE id = ANY($1::uuid[]) AND contact_id = $3 RETURNING id',
    [merge.moved_identity_ids, merge.source_contact_id, merge.target_contact_id],
  );
  await sql.query('UPDATE contacts SET merged_into_id = NULL, updated_at = now() WHERE id = $1', [merge.source_contact_id]);
  await sql.query('UPDATE contact_merges SET reverted_at = now(), reverted_by = $2 WHERE id = $1', [merge.id, actor]);
  return restored.map((row) => row.id);
}
