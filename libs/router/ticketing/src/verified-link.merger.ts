import { mergeContactInto } from './contact-merge.repository';
import type { SqlExecutor } from './sql-executor';
import { mergeTicketInto } from './ticket-merge';
import { findOpenTicketOfContact, reassignTickets } from './ticket.repository';

const MERGED_BY = 'router:verified-link';

/**
 * Merges contacts a verified sender proved to be one person into `targetId`. Their tickets follow
 * the contact; where both had an open ticket, the newer one is closed as merged into the older, so
 * the contact ends with exactly one open ticket. Both tickets announce the change.
 */
export async function mergeContactsOfVerifiedSender(sql: SqlExecutor, tenantId: string, targetId: string, sourceIds: readonly string[]): Promise<void> {
  for (const sourceId of sourceIds) {
    const targetOpen = await findOpenTicketOfContact(sql, tenantId, targetId);
    const sourceOpen = await findOpenTicketOfContact(sql, tenantId, sourceId);
    await mergeContactInto(sql, { tenantId, sourceId, targetId, reason: 'verified-link', actor: MERGED_BY });
    // Merge the tickets before handing them over: the one-open-ticket index must never see two
    // open tickets for the target contact.
    if (targetOpen && sourceOpen) await mergeTicketInto(sql, sourceOpen, targetOpen, MERGED_BY, targetId);
    await reassignTickets(sql, sourceId, targetId);
  }
}
