import { lockContactIdentities } from './contact-identity-locks.util';
import { mergeContacts } from './contact-merger';
import type { SqlExecutor } from './sql-executor';

const MERGED_BY = 'router:verified-link';

/**
 * Merges contacts a verified sender proved to be one person into `targetId`. Their tickets follow
 * the contact; where both had an open ticket, the newer one is closed as merged into the older, so
 * the contact ends with exactly one open ticket. Both tickets announce the change, and the merge
 * records the hand-over so it can be undone.
 */
export async function mergeContactsOfVerifiedSender(sql: SqlExecutor, tenantId: string, targetId: string, sourceIds: readonly string[]): Promise<void> {
  // The message locked only the identities it names; the contacts' others must not be placing a
  // message meanwhile (it would open a ticket on a contact that is merged away). Taken out of
  // order, these locks can deadlock with another router: PostgreSQL then aborts one batch (40P01),
  // which is retried.
  await lockContactIdentities(sql, tenantId, [targetId, ...sourceIds]);
  for (const sourceId of sourceIds) {
    await mergeContacts(sql, { tenantId, sourceId, targetId, reason: 'verified-link', actor: MERGED_BY });
  }
}
