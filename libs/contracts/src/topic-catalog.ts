import { Contract } from './contract';
import { DeliveryStatusV1, InboundMessageV1, OutboundMessageV1, TicketEventV1, TicketSnapshotV1 } from './contracts';
import { TOPICS, TopicName } from './topics';

/** What travels on a topic, who writes it and how it is keyed: the source of the AsyncAPI document. */
export interface TopicDescriptor {
  readonly name: TopicName;
  readonly description: string;
  /** Null for the dead-letter topic: its values are the original bytes, whatever they were. */
  readonly contract: Contract | null;
  readonly key: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly cleanupPolicy: 'delete' | 'compact';
}

export const TOPIC_CATALOG: readonly TopicDescriptor[] = [
  {
    name: TOPICS.inbound,
    description: 'Customer messages from every channel, normalized by the ingest services.',
    contract: InboundMessageV1,
    key: 'tenantId + ":" + the sender\'s first identity, so one contact stays on one partition',
    producers: ['email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest'],
    consumers: ['router'],
    cleanupPolicy: 'delete',
  },
  {
    name: TOPICS.inboundDeadLetter,
    description:
      'Records the router could not process, from the inbound and the delivery topics: the original key, value and headers, plus tributary-dlq-* headers with the reason and source topic and position.',
    contract: null,
    key: 'the original record key',
    producers: ['router'],
    consumers: ['operators'],
    cleanupPolicy: 'delete',
  },
  {
    name: TOPICS.ticketEvents,
    description: 'Every change to a unified ticket, in per-ticket order with a gap-free sequence.',
    contract: TicketEventV1,
    key: 'ticketId',
    producers: ['router'],
    consumers: ['helpdesks'],
    cleanupPolicy: 'delete',
  },
  {
    name: TOPICS.ticketState,
    description: 'The latest state of each ticket (compacted): a helpdesk can rebuild its queue from it.',
    contract: TicketSnapshotV1,
    key: 'ticketId',
    producers: ['router'],
    consumers: ['helpdesks'],
    cleanupPolicy: 'compact',
  },
  {
    name: TOPICS.outbound,
    description: "Agents' replies, sent by the ingest service that owns the channel.",
    contract: OutboundMessageV1,
    key: 'ticketId',
    producers: ['router'],
    consumers: ['email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest'],
    cleanupPolicy: 'delete',
  },
  {
    name: TOPICS.delivery,
    description: 'Delivery progress of outbound messages as the providers report it.',
    contract: DeliveryStatusV1,
    key: 'outboundId',
    producers: ['email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest'],
    consumers: ['router'],
    cleanupPolicy: 'delete',
  },
];
