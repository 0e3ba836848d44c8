/** Kafka topic names. The version in a name changes only with a breaking contract change. */
export const TOPICS = {
  inbound: 'tributary.inbound.v1',
  inboundDeadLetter: 'tributary.inbound.dlq.v1',
  ticketEvents: 'tributary.tickets.v1',
  ticketState: 'tributary.tickets.state.v1',
  outbound: 'tributary.outbound.v1',
  delivery: 'tributary.delivery.v1',
  attachments: 'tributary.attachments.v1',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicKey];

/** Record headers every Tributary producer writes. */
export const HEADERS = {
  contract: 'tributary-contract',
  contractVersion: 'tributary-contract-version',
  traceId: 'tributary-trace-id',
  contentType: 'content-type',
  deadLetterReason: 'tributary-dlq-reason',
  deadLetterSourceTopic: 'tributary-dlq-source-topic',
  deadLetterSourcePartition: 'tributary-dlq-source-partition',
  deadLetterSourceOffset: 'tributary-dlq-source-offset',
} as const;
