import { randomBytes, randomUUID } from 'node:crypto';
import { HEADERS, InboundMessageV1, TOPICS, type InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { waitFor } from '@tributary/platform-testing';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { ContractPublisher } from '../src/contract-publisher';
import { readHeaders } from '../src/record-headers.util';
import { ensureTopics } from '../src/topic-provisioner';
import { testKafka } from './kafka-test-kit';

/**
 * The trace header as the broker stores it: a publisher that is given no trace id (as voice-ingest's
 * hand-off once was) still writes the value's own, so it survives the round trip to consumers.
 */
describe('ContractPublisher trace header on the real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let publisher: ContractPublisher;
  let reader: Consumer | undefined;

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [TOPICS.inbound], { partitions: 3, replicationFactor: 1 });
    publisher = new ContractPublisher(kafka);
  });

  afterAll(async () => {
    await reader?.disconnect();
    await publisher.close();
    await admin.disconnect();
  });

  it('writes tributary-trace-id from the value when the caller passes none, and the caller’s own when it does', async () => {
    const tenantId = `trace-${randomUUID().slice(0, 8)}`;
    const message = (traceId: string): InboundMessageV1Input => {
      const id = randomUUID();
      return { ...INBOUND_FIXTURES.sms, tenantId, messageId: id, dedupeKey: `trace-test:${id}`, traceId };
    };
    const implicit = message(randomBytes(16).toString('hex'));
    const explicit = message(randomBytes(16).toString('hex'));
    const callerTrace = randomBytes(16).toString('hex');

    // Read from where the topic ends now, so only this run's records are looked at.
    const ends = await admin.fetchTopicOffsets(TOPICS.inbound);
    const seen = new Map<string, Record<string, string>>();
    reader = kafka.consumer({ groupId: `trace-test-${randomUUID()}` });
    await reader.connect();
    await reader.subscribe({ topic: TOPICS.inbound, fromBeginning: true });
    await reader.run({
      eachMessage: ({ message: record }) => {
        const value = JSON.parse(record.value?.toString('utf8') ?? '{}') as { tenantId?: string; messageId?: string };
        if (value.tenantId === tenantId && value.messageId) seen.set(value.messageId, readHeaders(record.headers));
        return Promise.resolve();
      },
    });
    for (const { partition, offset } of ends) reader.seek({ topic: TOPICS.inbound, partition, offset });

    await publisher.publish(TOPICS.inbound, InboundMessageV1, [
      { key: `${tenantId}:a`, value: implicit },
      { key: `${tenantId}:b`, value: explicit, traceId: callerTrace },
    ]);
    await waitFor('both records read back', () => seen.size === 2, 30_000, 100);

    expect(seen.get(implicit.messageId)).toMatchObject({ [HEADERS.traceId]: implicit.traceId, [HEADERS.contract]: 'InboundMessage' });
    expect(seen.get(explicit.messageId)?.[HEADERS.traceId]).toBe(callerTrace);
  }, 60_000);
});
