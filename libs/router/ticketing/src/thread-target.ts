import type { TicketRow } from './ticket.repository';

/** The ticket a thread reply, token or repeat points at, after following its merges to the survivor. */
export interface ThreadSurvivor {
  readonly id: string;
  readonly status: TicketRow['status'];
  readonly conversation_key: string | null;
}

/**
 * Where a message that points at an earlier ticket belongs: the survivor while it is open; once it
 * is not, the open ticket that took its place (of its conversation for a per-conversation ticket,
 * else of its contact), since reopening it would give either two; only without one is it reopened.
 * Shared by the message-by-message path (resolveThreadTarget) and the set-based one (BatchState).
 */
export function threadTarget(
  survivor: ThreadSurvivor,
  openTicketIds: { readonly ofConversation: string | null; readonly ofContact: string | null },
): { id: string; reopen: boolean } {
  if (survivor.status === 'open' || survivor.status === 'pending') return { id: survivor.id, reopen: false };
  const successor = survivor.conversation_key !== null ? openTicketIds.ofConversation : openTicketIds.ofContact;
  return successor ? { id: successor, reopen: false } : { id: survivor.id, reopen: true };
}
