import { randomUUID } from 'node:crypto';
import { HEADERS, InboundMessageV1, TOPICS, TOPIC_CATALOG, type InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { startStack, stopStack } from '@tributary/local-stack';
import { ContractPublisher, REDUCED_DEAD_LETTER_HEADERS, toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, waitFor, type BootedApp, type TestDatabase, suiteStackName } from '@tributary/platform-testing';
import { Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { routerApp } from '../src/router.app';
import { readTopic } from './router-test-client';
import { createRouterTestDatabase } from './router-test-database';

/** Kafka's default max.message.bytes, which the inbound topic is created with. */
const INBOUND_LIMIT = TOPIC_CATALOG.find((topic) => topic.name === TOPICS.inbound)?.maxMessageBytes ?? 0;
const KEY_PHONE = '+4915112345678';

interface DeadLetterSeen {
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Bytes of a zigzag varint, as the record format writes lengths and deltas. */
function varintBytes(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    bytes += 1;
  }
  return bytes;
}

/** Exact size of a record inside a record batch (format v2): what the broker adds up against max.message.bytes. */
function recordBytes(key: string, valueBytes: number, headers: Record<string, string>): number {
  const headerBytes = Object.entries(headers).reduce((sum, [name, value]) => {
    const [n, v] = [Buffer.byteLength(name), Buffer.byteLength(value)];
    return sum + varintBytes(n) + n + varintBytes(v) + v;
  }, 0);
  const keyBytes = Buffer.byteLength(key);
  // attributes, timestamp delta and offset delta (0 for the first record, small for the next), then key, value, headers.
  const body = 1 + 1 + 1 + varintBytes(keyBytes) + keyBytes + varintBytes(valueBytes) + valueBytes + varintBytes(Object.keys(headers).length) + headerBytes;
  return varintBytes(body) + body;
}

/** 61 bytes of batch header (offset, length, epoch, magic, crc, attributes, deltas, ids, count). */
const BATCH_HEADER_BYTES = 61;

/**
 * The router on a broker of this suite's own, so it creates every topic itself with the catalog's
 * settings (the shared test broker's dead-letter topic may predate them), and so its consumer
 * group is no other suite's.
 */
describe('dead letters of near-limit records', () => {
  const stackName = suiteStackName('dead-letter');
  const tenantId = `dlq-${randomUUID().slice(0, 8)}`;
  const key = `${tenantId}:${KEY_PHONE}`;
  const contractHeaders = { [HEADERS.contract]: 'InboundMessage', [HEADERS.contractVersion]: '1', [HEADERS.contentType]: 'application/json' };
  const deadLetters: DeadLetterSeen[] = [];
  let brokers: string;
  let kafka: Kafka;
  let admin: Admin;
  let publisher: ContractPublisher;
  let reader: Consumer | undefined;
  let db: TestDatabase;
  let router: BootedApp | undefined;

  function inbound(changes: Partial<InboundMessageV1Input> = {}): InboundMessageV1Input {
    const id = randomUUID();
    return { ...INBOUND_FIXTURES.sms, tenantId, messageId: id, dedupeKey: `sms:${id}`, sender: { identities: [{ kind: 'phone', value: KEY_PHONE }] }, ...changes };
  }

  /** An SMS whose text is far over the contract's limit, padded so its record is exactly `recordTotal` bytes. */
  function oversizedValue(recordTotal: number, headers: Record<string, string> = contractHeaders): { dedupeKey: string; value: Buffer } {
    const message = inbound({ text: '' });
    const base = Buffer.byteLength(JSON.stringify(message));
    let valueBytes = recordTotal - recordBytes(key, base, headers) + base;
    // The value's own length prefix may grow by a byte once padded; settle on the exact size.
    while (recordBytes(key, valueBytes, headers) > recordTotal) valueBytes -= 1;
    return { dedupeKey: message.dedupeKey, value: Buffer.from(JSON.stringify({ ...message, text: 'x'.repeat(valueBytes - base) })) };
  }

  async function storedCount(dedupeKey: string): Promise<number> {
    const rows = await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM messages WHERE tenant_id = $1 AND dedupe_key = $2', [tenantId, dedupeKey]);
    return Number(rows[0]?.n ?? 0);
  }

  async function bootRouter(): Promise<BootedApp> {
    const booted = await bootApp(routerApp, { KAFKA_BROKERS: brokers, DATABASE_URL: db.url, KAFKA_TOPIC_PARTITIONS: '2' });
    await waitFor('the router to become ready', async () => (await booted.get('/health/ready')).status === 200, 60_000, 200);
    return booted;
  }

  function running(): BootedApp {
    if (!router) throw new Error('no router running');
    return router;
  }

  async function expectLiveAndReady(): Promise<void> {
    expect((await running().get('/health/live')).status).toBe(200);
    expect((await running().get('/health/ready')).status).toBe(200);
  }

  async function metric(name: string, label: string): Promise<number> {
    const line = (await running().get('/metrics')).body.split('\n').find((entry) => entry.startsWith(name) && entry.includes(label));
    return Number(line?.split(' ').at(-1) ?? 0);
  }

  async function deleteTopics(topics: readonly string[]): Promise<void> {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((topic) => existing.has(topic));
    if (doomed.length === 0) return;
    await admin.deleteTopics({ topics: doomed, timeout: 30_000 });
    await waitFor('the topics to be gone', async () => !(await admin.listTopics()).some((topic) => doomed.includes(topic)), 30_000, 200);
  }

  async function readDeadLetters(): Promise<void> {
    await reader?.disconnect();
    reader = await readTopic(kafka, TOPICS.inboundDeadLetter, (recordKey, value, headers) => {
      if (recordKey === key) deadLetters.push({ value, headers });
    });
  }

  beforeAll(async () => {
    const stack = await startStack({ name: stackName, components: ['kafka'] });
    brokers = stack.env['KAFKA_BROKERS'] ?? '';
    kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'dead-letter-suite', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    // A clean slate on every run: the topics are created by the router under test, not by an
    // earlier version of it, and its group starts from the beginning of them.
    await deleteTopics(Object.values(TOPICS));
    await admin.deleteGroups(['tributary-router', 'tributary-router-delivery']).catch(() => undefined);
    publisher = new ContractPublisher(kafka);
    db = await createRouterTestDatabase();
  }, 180_000);

  afterAll(async () => {
    await router?.close();
    await reader?.disconnect();
    await publisher?.close();
    await admin?.disconnect();
    await db?.drop();
    await stopStack({ name: stackName });
  }, 90_000);

  describe('on the dead-letter topic the router created', () => {
    beforeAll(async () => {
      router = await bootRouter();
      await readDeadLetters();
    }, 120_000);

    it('dead-letters an invalid record just under the limit whole, and stores the valid record after it', async () => {
      deadLetters.length = 0;
      // The largest record batch the inbound topic accepts, less a few bytes: its dead letter, with
      // the reason and source headers on top, is larger than the inbound topic would take.
      const poison = oversizedValue(INBOUND_LIMIT - BATCH_HEADER_BYTES - 8);
      const after = inbound({ text: 'still there after the big one' });
      await publisher.sendRaw(TOPICS.inbound, [{ key, value: poison.value, headers: contractHeaders }]);
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: after }]);

      await waitFor('the record after it to become a ticket message', async () => (await storedCount(after.dedupeKey)) === 1, 60_000, 250);
      await waitFor('the dead letter', () => deadLetters.length === 1, 30_000);
      const [dead] = deadLetters;
      expect(dead?.value?.equals(poison.value)).toBe(true);
      expect(dead?.headers).toMatchObject({ ...contractHeaders, [HEADERS.deadLetterSourceTopic]: TOPICS.inbound });
      expect(dead?.headers[HEADERS.deadLetterReason]).toMatch(/^InboundMessage v1 is invalid: text: /);
      expect(dead?.headers[REDUCED_DEAD_LETTER_HEADERS.copy]).toBeUndefined();
      expect(await storedCount(poison.dedupeKey)).toBe(0);
      await expectLiveAndReady();
    }, 90_000);

    it('dead-letters two invalid half-limit records of one fetched batch whole, each in a request of its own', async () => {
      deadLetters.length = 0;
      // One produce request, one record batch: the consumer fetches both at once. Their dead
      // letters together are larger than the inbound topic's limit.
      const half = Math.floor((INBOUND_LIMIT - BATCH_HEADER_BYTES) / 2) - 8;
      const [first, second] = [oversizedValue(half), oversizedValue(half)];
      const after = inbound({ text: 'still there after the pair' });
      await publisher.sendRaw(TOPICS.inbound, [first, second].map((poison) => ({ key, value: poison.value, headers: contractHeaders })));
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: after }]);

      await waitFor('the record after them to become a ticket message', async () => (await storedCount(after.dedupeKey)) === 1, 60_000, 250);
      await waitFor('both dead letters', () => deadLetters.length === 2, 30_000);
      expect(deadLetters.map((dead) => dead.value?.length)).toEqual([first.value.length, second.value.length]);
      expect(deadLetters[0]?.value?.equals(first.value)).toBe(true);
      expect(deadLetters[1]?.value?.equals(second.value)).toBe(true);
      await expectLiveAndReady();
    }, 90_000);

    it('dead-letters a record whose headers say v2, or nothing, with what was expected and found; never stores it', async () => {
      deadLetters.length = 0;
      const deadLetteredBefore = await metric('tributary_kafka_records_dead_lettered_total', TOPICS.inbound);
      const v2 = inbound({ text: 'a v2 that would pass as v1' });
      const bare = inbound({ text: 'no contract headers at all' });
      const after = inbound({ text: 'a proper v1' });
      await publisher.sendRaw(TOPICS.inbound, [
        { key, value: JSON.stringify(v2), headers: { ...contractHeaders, [HEADERS.contractVersion]: '2' } },
        { key, value: JSON.stringify(bare) },
      ]);
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: after }]);

      await waitFor('the v1 record after them to become a ticket message', async () => (await storedCount(after.dedupeKey)) === 1, 60_000, 250);
      await waitFor('both dead letters', () => deadLetters.length === 2, 30_000);
      expect(deadLetters.map((dead) => dead.headers[HEADERS.deadLetterReason])).toEqual([
        'InboundMessage v1 is invalid: header tributary-contract-version: expected "1", found "2"',
        'InboundMessage v1 is invalid: header tributary-contract: expected "InboundMessage", found none; header tributary-contract-version: expected "1", found none',
      ]);
      expect(await storedCount(v2.dedupeKey)).toBe(0);
      expect(await storedCount(bare.dedupeKey)).toBe(0);
      expect((await metric('tributary_kafka_records_dead_lettered_total', TOPICS.inbound)) - deadLetteredBefore).toBe(2);
      await expectLiveAndReady();
    }, 90_000);
  });

  describe('on a dead-letter topic someone else created with Kafka’s default limit', () => {
    beforeAll(async () => {
      await router?.close();
      router = undefined;
      await reader?.disconnect();
      reader = undefined;
      await deleteTopics([TOPICS.inboundDeadLetter]);
      await admin.createTopics({
        topics: [{ topic: TOPICS.inboundDeadLetter, numPartitions: 2, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: '1048588' }] }],
        waitForLeaders: true,
      });
      router = await bootRouter();
      await readDeadLetters();
    }, 120_000);

    it('sends a truncated copy saying so, keeps consuming, and stays live and ready', async () => {
      deadLetters.length = 0;
      const headers = { ...contractHeaders, 'x-original': 'kept only in a whole copy' };
      const poison = oversizedValue(INBOUND_LIMIT - BATCH_HEADER_BYTES - 8, headers);
      const after = inbound({ text: 'still there after the refused one' });
      await publisher.sendRaw(TOPICS.inbound, [{ key, value: poison.value, headers }]);
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: after }]);

      await waitFor('the record after it to become a ticket message', async () => (await storedCount(after.dedupeKey)) === 1, 60_000, 250);
      await waitFor('the reduced dead letter', () => deadLetters.length === 1, 30_000);
      const [dead] = deadLetters;
      expect(dead?.value?.equals(poison.value.subarray(0, dead.value.length))).toBe(true);
      expect(dead?.value?.length).toBeLessThan(64 * 1024);
      expect(dead?.headers).toMatchObject({
        ...contractHeaders,
        [HEADERS.deadLetterSourceTopic]: TOPICS.inbound,
        [REDUCED_DEAD_LETTER_HEADERS.copy]: 'truncated',
        [REDUCED_DEAD_LETTER_HEADERS.refusal]: 'MESSAGE_TOO_LARGE',
        [REDUCED_DEAD_LETTER_HEADERS.originalValueBytes]: String(poison.value.length),
      });
      expect(dead?.headers['x-original']).toBeUndefined();
      expect(dead?.headers[HEADERS.deadLetterReason]).toMatch(/^InboundMessage v1 is invalid: text: /);
      expect(await metric('tributary_kafka_dead_letters_reduced_total', 'written="truncated"')).toBe(1);
      await expectLiveAndReady();
    }, 90_000);
  });
});
