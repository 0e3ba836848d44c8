import { lockContactIdentities } from './contact-identity-locks.util';
import { findContactMerge, revertContactMerge } from './contact-merge.repository';
import type { SqlExecutor } from './sql-executor';
import { announceTicketChange } from './ticket-announcer';
import { contactHandoverEvent, statusChangedEvent } from './ticket-event.factory';
import { bumpTicket, handBackTickets, reopenMergedTicket } from './ticket.repository';

export type ContactUnmergeOutcome =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'already-reverted'; readonly revertedAt: Date }
  | { readonly kind: 'later-merge-first'; readonly laterMergeId: string }
  | {
      readonly kind: 'reverted';
      readonly sourceContactId: string;
      readonly targetContactId: string;
      readonly restoredIdentityIds: readonly string[];
      readonly handedBackTicketIds: readonly string[];
      /** The ticket the merge closed, reopened with its old status; null if there was none or it stays closed. */
      readonly reopenedTicketId: string | null;
    };

/**
 * Reverts a recorded contact merge: the identities it moved and the tickets it handed over go back
 * to the source contact. The ticket it closed as merged is reopened with its old status, unless it
 * has moved on since or reopening would give its contact a second open ticket; then it stays
 * closed. Messages that arrived after the merge stay on the ticket they landed on. A merge whose
 * identities or tickets a later merge moved on is only undone after that one.
 */
export async function unmergeContacts(sql: SqlExecutor, request: { tenantId: string; mergeId: string; actor: string }): Promise<ContactUnmergeOutcome> {
  const unlocked = await findContactMerge(sql, request.tenantId, request.mergeId);
  if (!unlocked) return { kind: 'not-found' };
  // Identity locks first, like the inbound path; then the merge row, read again under its lock.
  await lockContactIdentities(sql, request.tenantId, [unlocked.source_contact_id, unlocked.target_contact_id], unlocked.moved_identity_ids);
  const merge = await findContactMerge(sql, request.tenantId, request.mergeId, true);
  if (!merge) return { kind: 'not-found' };
  if (merge.reverted_at) return { kind: 'already-reverted', revertedAt: merge.reverted_at };
  // A later merge carried what this one moved on to another contact: undoing this one first would
  // take it from there (or leave the source empty-handed). Merges are undone newest first.
  const [later] = await sql.query<{ id: string }>(
    `SELECT id FROM contact_merges
      WHERE tenant_id = $1 AND reverted_at IS NULL AND merged_at >= $2 AND id <> $3
        AND (moved_identity_ids && $4::uuid[] OR moved_ticket_ids && $5::uuid[])
      ORDER BY merged_at DESC LIMIT 1`,
    [merge.tenant_id, merge.merged_at, merge.id, merge.moved_identity_ids, merge.moved_ticket_ids],
  );
  if (later) return { kind: 'later-merge-first', laterMergeId: later.id };
  await sql.query('SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [[merge.source_contact_id, merge.target_contact_id]]);
  const restoredIdentityIds = await revertContactMerge(sql, merge, request.actor);
  const handedBack = await handBackTickets(sql, merge.moved_ticket_ids, merge.target_contact_id, merge.source_contact_id);
  const reopened =
    merge.closed_ticket_id && merge.surviving_ticket_id && merge.closed_ticket_status
      ? await reopenMergedTicket(sql, merge.closed_ticket_id, merge.surviving_ticket_id, merge.closed_ticket_status)
      : null;
  if (reopened) await announceTicketChange(sql, reopened, (snapshot) => statusChangedEvent(snapshot, 'closed', request.actor));
  for (const ticket of handedBack) {
    if (ticket.id === reopened?.id) continue;
    await announceTicketChange(sql, await bumpTicket(sql, ticket.id), (snapshot) => contactHandoverEvent(snapshot, request.actor));
  }
  return {
    kind: 'reverted',
    sourceContactId: merge.source_contact_id,
    targetContactId: merge.target_contact_id,
    restoredIdentityIds,
    handedBackTicketIds: handedBack.map((ticket) => ticket.id),
    reopenedTicketId: reopened?.id ?? null,
  };
}
