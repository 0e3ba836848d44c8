import { Contract } from './contract';
import { AttachmentStatusV1, DeliveryStatusV1, InboundMessageV1, OutboundMessageV1, TicketEventV1, TicketSnapshotV1 } from './contracts';
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
  /** The topic's max.message.bytes: the largest record batch the broker accepts on it. */
  readonly maxMessageBytes: number;
}

/**
 * Kafka's own default max.message.bytes (1 MiB plus 12 bytes of log overhead), written down on each
 * topic so the dead-letter topic's limit below is computed from a known number, not from whatever a
 * broker's message.max.bytes happens to be.
 */
const RECORD_BATCH_LIMIT = 1_048_588;

/**
 * A dead letter is a record some source topic accepted plus the tributary-dlq-* headers: the reason
 * (at most 4,000 characters, under 12 KB of UTF-8), the source topic, partition and offset. 64 KiB
 * above the largest source topic's limit holds them with ample margin, so a record its own topic
 * accepted is never refused as a dead letter (which would leave the consumer nowhere to put it).
 */
const DEAD_LETTER_LIMIT = RECORD_BATCH_LIMIT + 64 * 1024;

export const TOPIC_CATALOG: readonly TopicDescriptor[] = [
  {
    name: TOPICS.inbound,
    description: 'Customer messages from every channel, normalized by the ingest services.',
    contract: InboundMessageV1,
    key: 'tenantId + ":" + the sender\'s first identity, so one contact stays on one partition',
    producers: ['email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest'],
    consumers: ['router'],
    cleanupPolicy: 'delete',
    maxMessageBytes: RECORD_BATCH_LIMIT,
  },
  {
    name: TOPICS.inboundDeadLetter,
    description:
      'Records the router could not process, from the inbound, delivery and attachment topics: the original key, value and headers, plus tributary-dlq-* headers with the reason and source topic and position.',
    contract: null,
    key: 'the original record key',
    producers: ['router'],
    consumers: ['operators'],
    cleanupPolicy: 'delete',
    maxMessageBytes: DEAD_LETTER_LIMIT,
  },
  {
    name: TOPICS.ticketEvents,
    description: 'Every change to a unified ticket, in per-ticket order with a gap-free sequence.',
    contract: TicketEventV1,
    key: 'ticketId',
    producers: ['router'],
    consumers: ['helpdesks'],
    cleanupPolicy: 'delete',
    maxMessageBytes: RECORD_BATCH_LIMIT,
  },
  {
    name: TOPICS.ticketState,
    description: 'The latest state of each ticket (compacted): a helpdesk can rebuild its queue from it.',
    contract: TicketSnapshotV1,
    key: 'ticketId',
    producers: ['router'],
    consumers: ['helpdesks'],
    cleanupPolicy: 'compact',
    maxMessageBytes: RECORD_BATCH_LIMIT,
  },
  {
    name: TOPICS.outbound,
    description: "Agents' replies, sent by the ingest service that owns the channel.",
    contract: OutboundMessageV1,
    key: 'ticketId',
    producers: ['router'],
    consumers: ['email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest'],
    cleanupPolicy: 'delete',
    maxMessageBytes: RECORD_BATCH_LIMIT,
  },
  {
    name: TOPICS.delivery,
    description: 'Delivery progress of outbound messages as the providers report it.',
    contract: DeliveryStatusV1,
    key: 'outboundId',
    producers: ['email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest'],
    consumers: ['router'],
    cleanupPolicy: 'delete',
    maxMessageBytes: RECORD_BATCH_LIMIT,
  },
  {
    name: TOPICS.attachments,
    description:
      'The outcome of each attachment an inbound message announced as pending (stored, with its reference, or failed, with the reason), after the ingest retried it.',
    contract: AttachmentStatusV1,
    key: "messageId, so one message's attachment outcomes stay on one partition",
    producers: ['voice-ingest'],
    consumers: ['router'],
    cleanupPolicy: 'delete',
    maxMessageBytes: RECORD_BATCH_LIMIT,
  },
];
