import type { DeliveryStatusV1Message, InboundMessageV1Input } from '@tributary/contracts';
import type { HandoffRecord } from './handoff-record';
import { inboundRecordKey } from './inbound-record-key.util';

/** An inbound message as a hand-off record, keyed per contact so a customer's messages stay in order. */
export function inboundHandoffRecord(message: InboundMessageV1Input): HandoffRecord {
  return { kind: 'inbound', key: inboundRecordKey(message), value: message };
}

/** A delivery report as a hand-off record, keyed by its reply so one reply's reports stay in order. */
export function deliveryHandoffRecord(status: DeliveryStatusV1Message): HandoffRecord {
  return { kind: 'delivery', key: status.outboundId, value: status };
}
