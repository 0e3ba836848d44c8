import type { DeliveryStatusV1Message, InboundMessageV1Input } from '@tributary/contracts';
import { postgresSafe } from '../text/postgres-safe-text.util';
import type { HandoffRecord } from './handoff-record';
import { inboundRecordKey } from './inbound-record-key.util';

/**
 * An inbound message as a hand-off record, keyed per contact so a customer's messages stay in order.
 * Its strings are made storable here, before the hand-off every channel goes through: a NUL in an
 * SMS or a chat message would otherwise be acknowledged to the provider and then refused by the
 * router's PostgreSQL, dead-lettered after the acknowledgement.
 */
export function inboundHandoffRecord(message: InboundMessageV1Input): HandoffRecord {
  const value = postgresSafe(message);
  return { kind: 'inbound', key: inboundRecordKey(value), value };
}

/** A delivery report as a hand-off record, keyed by its reply so one reply's reports stay in order; a provider's error text is made storable as inbound text is. */
export function deliveryHandoffRecord(status: DeliveryStatusV1Message): HandoffRecord {
  const value = postgresSafe(status);
  return { kind: 'delivery', key: value.outboundId, value };
}
