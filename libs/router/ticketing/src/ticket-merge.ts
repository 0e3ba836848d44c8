import type { SqlExecutor } from './sql-executor';
import { announceTicketChange } from './ticket-announcer';
import { mergedEvent, statusChangedEvent } from './ticket-event.factory';
import { bumpTicket, closeAsMerged, type TicketRow } from './ticket.repository';

/**
 * Folds ticket `sourceId` into `targetId`: the source is closed with merged_into_id (its messages
 * stay on it, so the merge can be undone) and both tickets announce it, the source with a status
 * change and the target with a merge event.
 */
export async function mergeTicketInto(sql: SqlExecutor, sourceId: string, targetId: string, mergedBy: string, contactId?: string): Promise<TicketRow> {
  const closed = await closeAsMerged(sql, sourceId, targetId);
  await announceTicketChange(sql, contactId ? { ...closed.ticket, contact_id: contactId } : closed.ticket, (snapshot) =>
    statusChangedEvent(snapshot, closed.previousStatus, mergedBy),
  );
  const survivor = await bumpTicket(sql, targetId);
  await announceTicketChange(sql, survivor, (snapshot) => mergedEvent(snapshot, sourceId, mergedBy));
  return survivor;
}
