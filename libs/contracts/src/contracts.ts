import { AttachmentStatusV1Schema } from './attachment-status.v1';
import { defineContract } from './contract';
import { DeliveryStatusV1Schema } from './delivery-status.v1';
import { InboundMessageV1Schema } from './inbound-message.v1';
import { OutboundMessageV1Schema } from './outbound-message.v1';
import { TicketEventV1Schema, TicketSnapshotV1Schema } from './ticket-event.v1';

/** Every contract Tributary puts on Kafka, by name and version. */
export const InboundMessageV1 = defineContract('InboundMessage', 1, InboundMessageV1Schema);
export const TicketEventV1 = defineContract('TicketEvent', 1, TicketEventV1Schema);
export const TicketSnapshotV1 = defineContract('TicketSnapshot', 1, TicketSnapshotV1Schema);
export const OutboundMessageV1 = defineContract('OutboundMessage', 1, OutboundMessageV1Schema);
export const DeliveryStatusV1 = defineContract('DeliveryStatus', 1, DeliveryStatusV1Schema);
export const AttachmentStatusV1 = defineContract('AttachmentStatus', 1, AttachmentStatusV1Schema);

export const ALL_CONTRACTS = [InboundMessageV1, TicketEventV1, TicketSnapshotV1, OutboundMessageV1, DeliveryStatusV1, AttachmentStatusV1] as const;
