import { randomUUID } from 'node:crypto';
import { TOPICS } from '@tributary/contracts';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { DeadLetterErrorCode } from '../src/dead-letters/dead-letter-operation.error';
import { DeadLetterReader } from '../src/dead-letters/dead-letter.reader';
import { toDeadLetterMessage } from '../src/dead-letter.util';
import { testKafka } from './kafka-test-kit';

/**
 * The reader on a dead-letter topic of the suite's own: 3 partitions, 12 dead letters an hour apart
 * (record timestamps as the writer keeps them: the originals'), four reasons, two source topics.
 */
describe('DeadLetterReader on a real broker', () => {
  const topic = `test.dlq-reader.${randomUUID().slice(0, 8)}`;
  const base = Date.parse('2026-12-01T00:00:00.000Z');
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let reader: DeadLetterReader;

  const hour = (n: number) => new Date(base + n * 3_600_000);

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    for (let n = 0; n < 12; n += 1) {
      const sourceTopic = n % 2 === 0 ? TOPICS.inbound : TOPICS.delivery;
      const original = { key: Buffer.from(`acme:${n}`), value: Buffer.from(JSON.stringify({ n })), headers: { 'x-n': Buffer.from(String(n)) }, offset: String(100 + n), timestamp: String(hour(n).getTime()), attributes: 0 };
      const message = toDeadLetterMessage({ topic: sourceTopic, partition: n % 4 }, original, `reason ${['Alpha', 'beta', 'gamma', 'delta'][n % 4] ?? ''} of ${n}`);
      await producer.send({ topic, acks: -1, messages: [{ ...message, partition: n % 3 }] });
    }
    reader = new DeadLetterReader(kafka, { topic, timeoutMs: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('lists every dead letter oldest first, with its reason, source and original bytes', async () => {
    const listing = await reader.list({});
    expect(listing).toMatchObject({ scanned: 12, matched: 12 });
    expect(listing.records.map((record) => record.value?.toString())).toEqual(Array.from({ length: 12 }, (_, n) => JSON.stringify({ n })));
    expect(listing.records[3]).toMatchObject({
      topic,
      id: { partition: 0, offset: 1n },
      timestamp: hour(3),
      reason: 'reason delta of 3',
      source: { topic: TOPICS.delivery, partition: 3, offset: '103' },
    });
    expect(listing.records[3]?.originalHeaders['x-n']?.toString()).toBe('3');
  });

  it('keeps the newest matches up to the limit, and counts them all', async () => {
    const listing = await reader.list({ sourceTopic: TOPICS.inbound }, 2);
    expect(listing.matched).toBe(6);
    expect(listing.records.map((record) => record.key?.toString())).toEqual(['acme:8', 'acme:10']);
  });

  it('filters by reason ignoring case and by a closed time range, reading nothing before `since`', async () => {
    expect((await reader.list({ reason: 'ALPHA' })).records.map((record) => record.key?.toString())).toEqual(['acme:0', 'acme:4', 'acme:8']);
    const late = await reader.list({ since: hour(9), until: hour(10) });
    expect(late.records.map((record) => record.key?.toString())).toEqual(['acme:9', 'acme:10']);
    // From each partition's first record at or after 09:00: acme:9, 10 and 11 only.
    expect(late.scanned).toBe(3);
  });

  it('fetches records by id in the order asked, and names ids that hold none', async () => {
    const records = await reader.get([{ partition: 2, offset: 3n }, { partition: 0, offset: 0n }]);
    expect(records.map((record) => record.key?.toString())).toEqual(['acme:11', 'acme:0']);
    await expect(reader.get([{ partition: 0, offset: 0n }, { partition: 1, offset: 4n }, { partition: 7, offset: 0n }])).rejects.toMatchObject({
      code: DeadLetterErrorCode.NotFound,
      message: expect.stringContaining('1:4, 7:0'),
    });
  });

  it('finds nothing on a topic that does not exist', async () => {
    const missing = new DeadLetterReader(kafka, { topic: `${topic}.missing` });
    expect(await missing.list({})).toEqual({ records: [], scanned: 0, matched: 0 });
    await expect(missing.get([{ partition: 0, offset: 0n }])).rejects.toMatchObject({ code: DeadLetterErrorCode.NotFound });
  });
});
