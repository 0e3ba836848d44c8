import { HEADERS, OutboundMessageV1, TOPICS, TicketSnapshotV1, type TicketSnapshotV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import type { Kafka, ProducerBatch } from 'kafkajs';
import { ContractPublisher } from './contract-publisher';

/** A producer that keeps what it was asked to send; the broker itself is the integration suite's business. */
function recordingKafka(): { kafka: Kafka; batches: ProducerBatch[] } {
  const batches: ProducerBatch[] = [];
  const producer = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    sendBatch: (batch: ProducerBatch) => {
      batches.push(batch);
      return Promise.resolve([]);
    },
  };
  return { kafka: { producer: () => producer } as unknown as Kafka, batches };
}

const headersOf = (batches: readonly ProducerBatch[]) => batches.flatMap((batch) => (batch.topicMessages ?? []).flatMap((topic) => topic.messages.map((message) => message.headers)));

const SNAPSHOT: TicketSnapshotV1Message = {
  schemaVersion: 1,
  ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d',
  tenantId: 'acme',
  status: 'open',
  originChannel: 'sms',
  channels: ['sms'],
  contactId: '2b3c4d5e-6f7a-4b1c-8d2e-3f4a5b6c7d8e',
  messageCount: 1,
  sequence: 1,
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
  lastMessageAt: '2026-12-07T10:00:00.000Z',
};

describe('ContractPublisher headers', () => {
  it("takes tributary-trace-id from the value's traceId when the caller gives none", async () => {
    const { kafka, batches } = recordingKafka();
    const value = outboundReplyFixture({ traceId: '0af7651916cd43dd8448eb211c80319c' });
    await new ContractPublisher(kafka).publish(TOPICS.outbound, OutboundMessageV1, [{ key: value.ticketId, value }]);
    expect(headersOf(batches)).toEqual([
      { [HEADERS.contract]: 'OutboundMessage', [HEADERS.contractVersion]: '1', [HEADERS.contentType]: 'application/json', [HEADERS.traceId]: '0af7651916cd43dd8448eb211c80319c' },
    ]);
  });

  it("prefers the caller's trace id, and lets the caller's headers have the last word", async () => {
    const { kafka, batches } = recordingKafka();
    const value = outboundReplyFixture();
    await new ContractPublisher(kafka).publish(TOPICS.outbound, OutboundMessageV1, [
      { key: 'a', value, traceId: '11111111111111111111111111111111' },
      { key: 'b', value, headers: { [HEADERS.traceId]: '22222222222222222222222222222222' } },
    ]);
    expect(headersOf(batches).map((headers) => headers?.[HEADERS.traceId])).toEqual(['11111111111111111111111111111111', '22222222222222222222222222222222']);
  });

  it('writes no trace header for a value that has no traceId and none given', async () => {
    const { kafka, batches } = recordingKafka();
    await new ContractPublisher(kafka).publish(TOPICS.ticketState, TicketSnapshotV1, [{ key: SNAPSHOT.ticketId, value: SNAPSHOT }]);
    expect(headersOf(batches)[0]).not.toHaveProperty(HEADERS.traceId);
  });
});
