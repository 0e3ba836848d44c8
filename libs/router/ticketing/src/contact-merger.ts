import { mergeContactInto } from './contact-merge.repository';
import type { SqlExecutor } from './sql-executor';
import { announceTicketChange } from './ticket-announcer';
import { contactHandoverEvent, mergedEvent, statusChangedEvent } from './ticket-event.factory';
import { bumpTicket, closeAsMerged, findOpenTicketOfContact, handOverTickets, olderTicketFirst, type TicketRow } from './ticket.repository';

export interface ContactMergeRequest {
  readonly tenantId: string;
  readonly sourceId: string;
  readonly targetId: string;
  /** `verified-link` or `manual`. */
  readonly reason: string;
  /** Who merged: named in the merge record and in every ticket event it causes. */
  readonly actor: string;
}

export interface ContactMergeOutcome {
  readonly mergeId: string;
  readonly movedTicketIds: readonly string[];
  readonly closedTicketId: string | null;
  readonly survivingTicketId: string | null;
}

/**
 * Merges contact `sourceId` into `targetId`: identities and tickets follow the target; where both
 * had an open ticket the newer is closed as merged into the older, so the contact keeps exactly
 * one. Everything moved is recorded for an unmerge, and every ticket that changed announces it.
 * The caller holds the contacts (row or advisory locks) for the transaction.
 */
export async function mergeContacts(sql: SqlExecutor, request: ContactMergeRequest): Promise<ContactMergeOutcome> {
  const { tenantId, sourceId, targetId, actor } = request;
  const targetOpen = await findOpenTicketOfContact(sql, tenantId, targetId);
  const sourceOpen = await findOpenTicketOfContact(sql, tenantId, sourceId);
  // Close the newer ticket before the hand-over: the one-open-ticket index must never see two
  // open tickets for the target contact.
  const closing = targetOpen && sourceOpen ? await closeNewer(sql, targetOpen, sourceOpen) : null;
  const moved = await handOverTickets(sql, sourceId, targetId);
  if (closing) {
    await announceTicketChange(sql, { ...closing.closed, contact_id: targetId }, (snapshot) => statusChangedEvent(snapshot, closing.previousStatus, actor));
    const survivor = await bumpTicket(sql, closing.survivorId);
    await announceTicketChange(sql, survivor, (snapshot) => mergedEvent(snapshot, closing.closed.id, actor));
  }
  const announced = new Set([closing?.closed.id, closing?.survivorId]);
  for (const ticket of moved) {
    if (announced.has(ticket.id)) continue;
    await announceTicketChange(sql, await bumpTicket(sql, ticket.id), (snapshot) => contactHandoverEvent(snapshot, actor));
  }
  const mergeId = await mergeContactInto(sql, {
    ...request,
    tickets: {
      movedTicketIds: moved.map((ticket) => ticket.id),
      closed: closing ? { ticketId: closing.closed.id, previousStatus: closing.previousStatus, survivorId: closing.survivorId } : undefined,
    },
  });
  return { mergeId, movedTicketIds: moved.map((ticket) => ticket.id), closedTicketId: closing?.closed.id ?? null, survivingTicketId: closing?.survivorId ?? null };
}

async function closeNewer(sql: SqlExecutor, targetOpen: string, sourceOpen: string): Promise<{ closed: TicketRow; previousStatus: TicketRow['status']; survivorId: string }> {
  const [older, newer] = await olderTicketFirst(sql, targetOpen, sourceOpen);
  const { ticket, previousStatus } = await closeAsMerged(sql, newer, older);
  return { closed: ticket, previousStatus, survivorId: older };
}
