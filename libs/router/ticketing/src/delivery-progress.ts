import type { DeliveryState } from '@tributary/contracts';

/**
 * How far along a delivery is. Reports arrive out of order (providers retry, partitions lag), so a
 * message only ever moves to a higher rank: `delivered` then a late `sent` keeps `delivered`. A
 * failure outranks queued and sent but not delivered or read, which are facts a later failure
 * report cannot undo.
 */
const RANK: Record<DeliveryState, number> = { queued: 0, sent: 1, undelivered: 2, failed: 2, delivered: 3, read: 4 };

export interface DeliveryPosition {
  readonly state: DeliveryState;
  readonly occurredAt: Date;
}

/** Whether a report moves the message forward from where it stands (null: no report yet). */
export function advancesDelivery(current: DeliveryPosition | null, next: DeliveryPosition): boolean {
  if (current === null) return true;
  const [from, to] = [RANK[current.state], RANK[next.state]];
  if (to !== from) return to > from;
  // Same rank, different outcome (undelivered vs failed): the later word wins.
  return next.state !== current.state && next.occurredAt.getTime() > current.occurredAt.getTime();
}
