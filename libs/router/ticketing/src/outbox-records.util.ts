import { HEADERS, OutboundMessageV1, TOPICS, TicketEventV1, TicketSnapshotV1, type Contract, type TopicName } from '@tributary/contracts';
import type { Message } from 'kafkajs';

/** One outbox row as the relay reads it. */
export interface OutboxRow {
  readonly id: string;
  readonly event_id: string;
  readonly topic: TopicName;
  readonly record_key: string;
  /** The payload as PostgreSQL prints it: sent as is, never parsed and printed again here. */
  readonly value: string;
  /** A ticket event's `ticket` (the snapshot after it), printed by PostgreSQL; null on other topics. */
  readonly snapshot: string | null;
  readonly trace_id: string | null;
}

const CONTRACT_BY_TOPIC = new Map<string, Contract>([
  [TOPICS.ticketEvents, TicketEventV1],
  [TOPICS.ticketState, TicketSnapshotV1],
  [TOPICS.outbound, OutboundMessageV1],
]);

/**
 * The Kafka records for a pass of the relay, per topic in id order (per-topic order is what
 * consumers see). A ticket event is written once; its snapshot, which the event already carries,
 * goes to the compacted state topic from here: only the last one per ticket of the pass, since
 * compaction keeps only the last anyway. It carries its event's id and trace id, so a resend
 * repeats it unchanged. Snapshot rows written before events carried them are sent as they are.
 */
export function outboxRecords(rows: readonly OutboxRow[]): Map<TopicName, Message[]> {
  const groups = new Map<TopicName, Message[]>();
  const add = (topic: TopicName, message: Message): void => {
    const messages = groups.get(topic) ?? [];
    messages.push(message);
    groups.set(topic, messages);
  };
  const lastSnapshots = new Map<string, OutboxRow & { readonly snapshot: string }>();
  for (const row of rows) {
    add(row.topic, record(row, row.topic, row.value));
    if (row.snapshot !== null) lastSnapshots.set(row.record_key, { ...row, snapshot: row.snapshot });
  }
  for (const row of lastSnapshots.values()) add(TOPICS.ticketState, record(row, TOPICS.ticketState, row.snapshot));
  return groups;
}

function record(row: OutboxRow, topic: TopicName, value: string): Message {
  const contract = CONTRACT_BY_TOPIC.get(topic);
  if (!contract) throw new Error(`outbox row ${row.id} names unknown topic ${topic}`);
  const headers: Record<string, string> = {
    [HEADERS.contract]: contract.name,
    [HEADERS.contractVersion]: String(contract.version),
    [HEADERS.contentType]: 'application/json',
    'tributary-event-id': row.event_id,
    ...(row.trace_id ? { [HEADERS.traceId]: row.trace_id } : {}),
  };
  return { key: row.record_key, value, headers };
}
