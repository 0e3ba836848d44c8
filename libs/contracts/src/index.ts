export { CHANNELS, ChannelSchema, PROVIDERS, ProviderSchema } from './channel';
export type { Channel, Provider } from './channel';
export { E164_PATTERN, TenantIdSchema, TraceIdSchema } from './common.schema';
export { ContactIdentitySchema } from './contact-identity.schema';
export type { ContactIdentity, ContactIdentityKind } from './contact-identity.schema';
export { AttachmentRefSchema } from './attachment-ref.schema';
export type { AttachmentRef } from './attachment-ref.schema';
export { InboundMessageV1Schema } from './inbound-message.v1';
export type { InboundMessageV1 as InboundMessageV1Message, InboundMessageV1Input } from './inbound-message.v1';
export { OutboundMessageV1Schema } from './outbound-message.v1';
export type { OutboundMessageV1 as OutboundMessageV1Message, OutboundMessageV1Input } from './outbound-message.v1';
export { DELIVERY_STATES, DeliveryStatusV1Schema } from './delivery-status.v1';
export type { DeliveryState, DeliveryStatusV1 as DeliveryStatusV1Message } from './delivery-status.v1';
export { PLACEMENT_RULES, TICKET_STATUSES, TicketEventV1Schema, TicketSnapshotV1Schema } from './ticket-event.v1';
export type { TicketEventType, TicketEventV1 as TicketEventV1Message, TicketSnapshotV1 as TicketSnapshotV1Message } from './ticket-event.v1';
export { contractLabel, decodeContract, defineContract, parseContract } from './contract';
export type { Contract } from './contract';
export { ContractValidationError } from './contract-validation.error';
export type { ContractIssue } from './contract-validation.error';
export { ALL_CONTRACTS, DeliveryStatusV1, InboundMessageV1, OutboundMessageV1, TicketEventV1, TicketSnapshotV1 } from './contracts';
export { HEADERS, TOPICS } from './topics';
export type { TopicKey, TopicName } from './topics';
export { TOPIC_CATALOG } from './topic-catalog';
export type { TopicDescriptor } from './topic-catalog';
export { renderContractDocuments, toAsyncApiDocument, toJsonSchema } from './contract-documents';
export { stableUuid } from './stable-uuid.util';

/** Version of the generated AsyncAPI document; bump with any contract change. */
export const CONTRACTS_DOCUMENT_VERSION = '1.0.0';
