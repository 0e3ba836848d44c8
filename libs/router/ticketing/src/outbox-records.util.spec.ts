import { HEADERS, TOPICS, type TopicName } from '@tributary/contracts';
import { outboxRecords, type OutboxRow } from './outbox-records.util';

const TICKET_A = '00000000-0000-4000-8000-00000000000a';
const TICKET_B = '00000000-0000-4000-8000-00000000000b';

function event(id: number, ticketId: string, sequence: number, traceId: string | null = null): OutboxRow {
  const snapshot = JSON.stringify({ ticketId, sequence });
  return {
    id: String(id),
    event_id: `event-${id}`,
    topic: TOPICS.ticketEvents,
    record_key: ticketId,
    value: JSON.stringify({ ticketId, sequence, ticket: JSON.parse(snapshot) as unknown }),
    snapshot,
    trace_id: traceId,
  };
}

const valuesOf = (records: ReturnType<typeof outboxRecords>, topic: TopicName) => (records.get(topic) ?? []).map((message) => String(message.value));

describe('outboxRecords', () => {
  it('sends every event in order and, to the state topic, the last snapshot of each ticket', () => {
    const records = outboxRecords([event(1, TICKET_A, 1), event(2, TICKET_B, 1), event(3, TICKET_A, 2), event(4, TICKET_A, 3)]);
    expect(valuesOf(records, TOPICS.ticketEvents).map((value) => (JSON.parse(value) as { sequence: number }).sequence)).toEqual([1, 1, 2, 3]);
    expect(valuesOf(records, TOPICS.ticketState).map((value) => JSON.parse(value) as unknown)).toEqual([
      { ticketId: TICKET_A, sequence: 3 },
      { ticketId: TICKET_B, sequence: 1 },
    ]);
    expect(records.get(TOPICS.ticketState)?.map((message) => message.key)).toEqual([TICKET_A, TICKET_B]);
  });

  it('gives a snapshot its event’s id and trace id and the snapshot contract, so a resend repeats it unchanged', () => {
    const [snapshot] = outboxRecords([event(7, TICKET_A, 1, 'a'.repeat(32))]).get(TOPICS.ticketState) ?? [];
    expect(snapshot?.headers).toEqual({
      [HEADERS.contract]: 'TicketSnapshot',
      [HEADERS.contractVersion]: '1',
      [HEADERS.contentType]: 'application/json',
      'tributary-event-id': 'event-7',
      [HEADERS.traceId]: 'a'.repeat(32),
    });
  });

  it('sends snapshot rows written before events carried them as they are, and outbound rows without a snapshot', () => {
    const legacy: OutboxRow = { ...event(1, TICKET_A, 1), topic: TOPICS.ticketState, value: '{"legacy":true}', snapshot: null };
    const outbound: OutboxRow = { ...event(2, TICKET_B, 1), topic: TOPICS.outbound, value: '{"reply":true}', snapshot: null };
    const records = outboxRecords([legacy, outbound]);
    expect(valuesOf(records, TOPICS.ticketState)).toEqual(['{"legacy":true}']);
    expect(valuesOf(records, TOPICS.outbound)).toEqual(['{"reply":true}']);
    expect(records.has(TOPICS.ticketEvents)).toBe(false);
  });

  it('refuses a row for a topic it has no contract for', () => {
    expect(() => outboxRecords([{ ...event(9, TICKET_A, 1), topic: 'tributary.unknown.v1' as TopicName, snapshot: null }])).toThrow(/outbox row 9 names unknown topic/);
  });
});
