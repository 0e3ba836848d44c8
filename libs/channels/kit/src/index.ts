// The channel kit: the plumbing every channel shares, written once. Channel libraries import it and
// implement its ports; they never import each other.
export { BatchingPublisher } from './handoff/batching-publisher';
export { DurableHandoff } from './handoff/durable-handoff.service';
export type { DurableHandoffOptions, HandoffOutcome } from './handoff/durable-handoff.service';
export type { HandoffPublisherPort, HandoffRecord } from './handoff/handoff-record';
export { deliveryHandoffRecord, inboundHandoffRecord } from './handoff/handoff-records.util';
export type { HandoffSpoolPort } from './handoff/handoff-spool.port';
export { HandoffUnavailableError } from './handoff/handoff-unavailable.error';
export { inboundRecordKey } from './handoff/inbound-record-key.util';
export { KafkaHandoffPublisher } from './handoff/kafka-handoff.publisher';
export { NoSpool } from './handoff/no-spool';
export type { ChannelSender } from './outbound/channel-sender.port';
export { ChannelSenderRegistry } from './outbound/channel-sender.registry';
export type { DeliveryReportPublisherPort } from './outbound/delivery-report.publisher.port';
export { KafkaDeliveryReportPublisher } from './outbound/kafka-delivery-report.publisher';
export { outboundReplyConsumer } from './outbound/outbound-reply.consumer';
export type { OutboundReplyMode } from './outbound/outbound-reply.consumer';
export { OutboundReplyDispatcher } from './outbound/outbound-reply.dispatcher';
export type { OutboundReplyDispatcherOptions } from './outbound/outbound-reply.dispatcher';
export type { SendOnceResult, SentRepliesPort } from './outbound/sent-replies.port';
export { AccountLeaseRepository } from './persistence/account-lease.repository';
export type { AccountLease } from './persistence/account-lease.repository';
export { CHANNEL_KIT_MIGRATIONS } from './persistence/channel-kit-migrations';
export { SentRepliesRepository } from './persistence/sent-replies.repository';
