import { randomUUID } from 'node:crypto';
import { ContractValidationError, HEADERS, InboundMessageV1, TOPICS, parseContract, type InboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { JsonLogger } from '@tributary/platform-observability';
import type { Admin, Kafka } from 'kafkajs';
import { BatchConsumer, type HandlerResult } from '../src/batch-consumer';
import type { ConsumedRecord } from '../src/consumed-record';
import { ContractPublisher } from '../src/contract-publisher';
import { DeadLetterPublisher } from '../src/dead-letter.publisher';
import { contractHeaders, readHeaders } from '../src/record-headers.util';
import { ensureTopics } from '../src/topic-provisioner';
import { startGroupsAtTopicEnd, subscribeFromNow, waitFor } from '@tributary/platform-testing';
import { testKafka } from './kafka-test-kit';

type Inbound = InboundMessageV1Message;

describe('Kafka plumbing on the real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let publisher: ContractPublisher;
  let deadLetters: DeadLetterPublisher;
  const consumers: BatchConsumer<typeof InboundMessageV1.schema>[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [TOPICS.inbound, TOPICS.inboundDeadLetter], { partitions: 3, replicationFactor: 1 });
    publisher = new ContractPublisher(kafka);
    deadLetters = new DeadLetterPublisher(kafka, new JsonLogger({ app: 'kafka-test', level: 'error', write: () => undefined }));
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    await publisher.close();
    await deadLetters.close();
    await admin.disconnect();
  });

  function consume(groupId: string, handle: (records: readonly ConsumedRecord<Inbound>[]) => Promise<HandlerResult<Inbound> | void>) {
    const consumer = new BatchConsumer(kafka, deadLetters, {
      groupId,
      topic: TOPICS.inbound,
      contract: InboundMessageV1,
      deadLetterTopic: TOPICS.inboundDeadLetter,
      handle,
    });
    consumers.push(consumer);
    return consumer;
  }

  /**
   * A group of the test's own that starts where the topic ends now: the records before are other
   * suites' (their poison included), which a new group would otherwise read from the beginning.
   */
  async function freshGroup(name: string): Promise<string> {
    const groupId = `${name}-${randomUUID()}`;
    await startGroupsAtTopicEnd([{ groupId, topic: TOPICS.inbound }]);
    return groupId;
  }

  /** Fresh ids so each run only looks at its own records on the shared topic. */
  function freshFixtures() {
    return Object.values(INBOUND_FIXTURES).map((fixture) => ({ ...fixture, messageId: randomUUID(), dedupeKey: `${fixture.dedupeKey}:${randomUUID()}` }));
  }

  it('consumes every channel fixture back intact, with its key and headers', async () => {
    const sent = freshFixtures();
    const wanted = new Set<string>(sent.map((message) => message.messageId));
    const received = new Map<string, ConsumedRecord<Inbound>>();
    await consume(await freshGroup('roundtrip'), (records) => {
      for (const record of records) if (wanted.has(record.value.messageId)) received.set(record.value.messageId, record);
      return Promise.resolve();
    }).start();

    await publisher.publish(
      TOPICS.inbound,
      InboundMessageV1,
      sent.map((message) => ({ key: `acme:${message.messageId}`, value: message, traceId: message.traceId })),
    );
    await waitFor('all fixtures to come back', () => received.size === sent.length);

    for (const message of sent) {
      const record = received.get(message.messageId);
      expect(record?.value).toEqual(parseContract(InboundMessageV1, message));
      expect(record?.key).toBe(`acme:${message.messageId}`);
      expect(record?.headers).toMatchObject({
        [HEADERS.contract]: 'InboundMessage',
        [HEADERS.contractVersion]: '1',
        [HEADERS.contentType]: 'application/json',
        [HEADERS.traceId]: message.traceId,
      });
      expect(record?.traceId).toBe(message.traceId);
    }
  });

  it('dead-letters a malformed record with its reason and original bytes, and processes the records after it', async () => {
    const poisonKey = `poison-${randomUUID()}`;
    const poison = Buffer.from(JSON.stringify({ ...INBOUND_FIXTURES.sms, sender: { identities: [{ kind: 'phone', value: '12345' }] } }));
    const [after] = freshFixtures();
    if (!after) throw new Error('no fixture');
    const handled: string[] = [];
    await consume(await freshGroup('poison'), (records) => {
      handled.push(...records.map((record) => record.value.messageId));
      return Promise.resolve();
    }).start();

    const dead: { key: string | undefined; value: Buffer | null; headers: Record<string, string> }[] = [];
    const dlqGroup = `dlq-reader-${randomUUID()}`;
    const dlqReader = kafka.consumer({ groupId: dlqGroup });
    await dlqReader.connect();
    await subscribeFromNow(dlqReader, dlqGroup, [TOPICS.inboundDeadLetter]);
    await dlqReader.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === poisonKey) dead.push({ key: message.key.toString(), value: message.value, headers: readHeaders(message.headers) });
        return Promise.resolve();
      },
    });

    try {
      // Same key: same partition, poison first. Its headers say InboundMessage v1, as an ingest's would.
      await publisher.sendRaw(TOPICS.inbound, [{ key: poisonKey, value: poison, headers: contractHeaders(InboundMessageV1, undefined) }]);
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: poisonKey, value: after }]);
      await waitFor('the record after the poison to be handled', () => handled.includes(after.messageId));
      await waitFor('the poison in the dead-letter topic', () => dead.length === 1);
    } finally {
      await dlqReader.disconnect();
    }

    expect(dead[0]?.value?.equals(poison)).toBe(true);
    expect(dead[0]?.headers[HEADERS.deadLetterReason]).toMatch(/^InboundMessage v1 is invalid: sender\.identities\[0\]\.value: must be a phone number in E\.164/);
    expect(dead[0]?.headers[HEADERS.deadLetterSourceTopic]).toBe(TOPICS.inbound);
  });

  it('dead-letters the records its handler rejects, with the handler\'s reason, and commits past them', async () => {
    const key = `rejected-${randomUUID()}`;
    const [bad, good] = freshFixtures();
    if (!bad || !good) throw new Error('no fixture');
    const groupId = await freshGroup('reject');
    const handled: string[] = [];
    const handler = (records: readonly ConsumedRecord<Inbound>[]) => {
      handled.push(...records.filter((record) => record.value.messageId === good.messageId).map((record) => record.value.messageId));
      return Promise.resolve({ rejected: records.filter((record) => record.value.messageId === bad.messageId).map((record) => ({ record, reason: 'tenant unknown' })) });
    };
    await consume(groupId, handler).start();

    const dead: Record<string, string>[] = [];
    const dlqGroup = `dlq-reader-${randomUUID()}`;
    const dlqReader = kafka.consumer({ groupId: dlqGroup });
    await dlqReader.connect();
    await subscribeFromNow(dlqReader, dlqGroup, [TOPICS.inboundDeadLetter]);
    await dlqReader.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === key) dead.push(readHeaders(message.headers));
        return Promise.resolve();
      },
    });
    try {
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: bad }, { key, value: good }]);
      await waitFor('the good record to be handled', () => handled.length === 1);
      await waitFor('the rejected record in the dead-letter topic', () => dead.length === 1);
    } finally {
      await dlqReader.disconnect();
    }
    expect(dead[0]?.[HEADERS.deadLetterReason]).toBe('tenant unknown');
    expect(dead[0]?.[HEADERS.contract]).toBe('InboundMessage');
  });

  it('dead-letters a record whose headers say v2, or nothing, though its value fits v1, and processes the record after them', async () => {
    const key = `versions-${randomUUID()}`;
    const [v2, bare, after] = freshFixtures();
    if (!v2 || !bare || !after) throw new Error('no fixture');
    const handled: string[] = [];
    await consume(await freshGroup('versions'), (records) => {
      handled.push(...records.map((record) => record.value.messageId));
      return Promise.resolve();
    }).start();
    const dead = new Map<string, Record<string, string>>();
    const dlqGroup = `dlq-reader-${randomUUID()}`;
    const dlqReader = kafka.consumer({ groupId: dlqGroup });
    await dlqReader.connect();
    await subscribeFromNow(dlqReader, dlqGroup, [TOPICS.inboundDeadLetter]);
    await dlqReader.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === key) dead.set(JSON.parse(message.value?.toString() ?? '{}').messageId as string, readHeaders(message.headers));
        return Promise.resolve();
      },
    });
    try {
      await publisher.sendRaw(TOPICS.inbound, [
        { key, value: JSON.stringify(v2), headers: { ...contractHeaders(InboundMessageV1, undefined), [HEADERS.contractVersion]: '2' } },
        { key, value: JSON.stringify(bare) },
      ]);
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: after }]);
      await waitFor('the record after them to be handled', () => handled.includes(after.messageId));
      await waitFor('both in the dead-letter topic', () => dead.size === 2);
    } finally {
      await dlqReader.disconnect();
    }
    expect(handled).not.toContain(v2.messageId);
    expect(handled).not.toContain(bare.messageId);
    expect(dead.get(v2.messageId)?.[HEADERS.deadLetterReason]).toBe('InboundMessage v1 is invalid: header tributary-contract-version: expected "1", found "2"');
    expect(dead.get(bare.messageId)?.[HEADERS.deadLetterReason]).toBe(
      'InboundMessage v1 is invalid: header tributary-contract: expected "InboundMessage", found none; header tributary-contract-version: expected "1", found none',
    );
  });

  it('reports a terminal failure when the consumer crashes without restarting', async () => {
    const [message] = freshFixtures();
    if (!message) throw new Error('no fixture');
    const crashing = consume(await freshGroup('crash'), () => {
      // kafkajs treats a TypeError as unrecoverable: it stops the consumer instead of restarting it.
      throw new TypeError('handler bug');
    });
    await crashing.start();
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: 'crash', value: message }]);
    await waitFor('the consumer to stop for good', () => crashing.terminalFailure !== undefined);
    expect(crashing.terminalFailure?.message).toMatch(/handler bug/);
    expect(crashing.isRunning).toBe(false);
  });

  it('commits nothing when the handler fails, so the records come back to the next member', async () => {
    const groupId = await freshGroup('retry');
    const [message] = freshFixtures();
    if (!message) throw new Error('no fixture');
    let failedAttempts = 0;
    const failing = consume(groupId, (records) => {
      if (records.some((record) => record.value.messageId === message.messageId)) failedAttempts += 1;
      return Promise.reject(new Error('database unavailable'));
    });
    await failing.start();
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: 'retry', value: message }]);
    await waitFor('the handler to fail on the record', () => failedAttempts > 0);
    await failing.stop();
    consumers.splice(consumers.indexOf(failing), 1);

    const redelivered: string[] = [];
    await consume(groupId, (records) => {
      redelivered.push(...records.map((record) => record.value.messageId));
      return Promise.resolve();
    }).start();
    await waitFor('the record to be redelivered', () => redelivered.includes(message.messageId));
  });

  it('refuses to publish a value that breaks its contract, naming the field', async () => {
    const broken = { ...INBOUND_FIXTURES.email, tenantId: 'ACME Corp' };
    await expect(publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: 'x', value: broken }])).rejects.toThrow(ContractValidationError);
    await expect(publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: 'x', value: broken }])).rejects.toThrow(/tenantId/);
  });
});
