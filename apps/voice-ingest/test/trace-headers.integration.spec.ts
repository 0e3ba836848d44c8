import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADERS, TOPICS } from '@tributary/contracts';
import { smsWebhook, TwilioEmulator, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { readHeaders, toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, type BootedApp, ForwardingProxy, type RouterUnderTest, startRouterForTenant, type TestDatabase, waitFor } from '@tributary/platform-testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { voiceIngestApp } from '../src/voice-ingest.app';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
const LINE = '+498912345678';
const KINDS = [TOPICS.inbound, TOPICS.ticketEvents, TOPICS.ticketState, TOPICS.outbound, TOPICS.delivery] as const;

interface TracedRecord {
  readonly topic: string;
  readonly value: Record<string, unknown>;
  readonly traceHeader: string | undefined;
}

/** Every record of the tenant on `topics`, with its trace header, from where the topics end at the call. */
async function readFromNow(brokers: string, topics: readonly string[], tenantId: string, into: TracedRecord[]): Promise<Consumer> {
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'trace-headers-test', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
  await admin.disconnect();
  const reader = kafka.consumer({ groupId: `trace-headers-test-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topics: [...topics], fromBeginning: true });
  await reader.run({
    eachMessage: ({ topic, message }) => {
      const value = JSON.parse(message.value?.toString('utf8') ?? '{}') as Record<string, unknown>;
      if (value['tenantId'] === tenantId) into.push({ topic, value, traceHeader: readHeaders(message.headers)[HEADERS.traceId] });
      return Promise.resolve();
    },
  });
  for (const { topic, offsets } of ends) for (const { partition, offset } of offsets) reader.seek({ topic, partition, offset });
  return reader;
}

/**
 * Every kind of record one SMS and its reply produce, read back from the broker: voice-ingest's
 * inbound message, the router's ticket events and snapshots, the outbound reply, and the delivery
 * reports of both voice-ingest paths (the reply loop's `queued`, the status callbacks' `sent` and
 * `delivered`) each carry `tributary-trace-id`, and it is the trace of the value (a snapshot: its event's).
 */
describe('tributary-trace-id on every record of a phone conversation', () => {
  const tenantId = `tr-${randomUUID().slice(0, 8)}`;
  const caller = `+4915${String(Date.now()).slice(-9)}`;
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN, numbers: [LINE] });
  const proxy = new ForwardingProxy();
  const records: TracedRecord[] = [];
  let reader: Consumer | undefined;
  let directory: string;
  let voiceDb: TestDatabase;
  let router: RouterUnderTest;
  let voice: BootedApp;
  let twilio: TwilioWebhookSender;

  const of = (topic: string) => records.filter((record) => record.topic === topic);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-trace-'));
    voiceDb = await createVoiceIngestDatabase();
    await emulator.start();
    // Twilio's side of the public URL: webhooks and the reply's status callbacks both go through it.
    const publicBaseUrl = await proxy.start();
    router = await startRouterForTenant(tenantId, 'voice_trace');
    voice = await bootApp(voiceIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: voiceDb.url,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: emulator.baseUrl,
      TWILIO_WEBHOOK_BASE_URL: publicBaseUrl,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId } }),
      SPOOL_DIR: join(directory, 'spool'),
      BLOB_STORE_DIR: join(directory, 'blobs'),
      ...(await voiceGroupsFromNow('trace-headers')).env,
    });
    proxy.forwardTo(voice.baseUrl);
    twilio = emulator.webhooks(publicBaseUrl, publicBaseUrl);
    reader = await readFromNow(process.env['KAFKA_BROKERS'] ?? '', KINDS, tenantId, records);
  }, 180_000);

  afterAll(async () => {
    await reader?.disconnect();
    await voice?.close();
    await router?.stop();
    await proxy.stop();
    await emulator.stop();
    await voiceDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('carries the trace header on inbound, ticket, snapshot, outbound and delivery records', async () => {
    expect((await twilio.post('/twilio/sms', smsWebhook(caller, LINE, 'Where is my parcel?', ACCOUNT))).status).toBe(200);
    await waitFor('the ticket event of the SMS', () => of(TOPICS.ticketEvents).length >= 1, 30_000, 100);
    const ticketId = String(of(TOPICS.ticketEvents)[0]?.value['ticketId']);

    const reply = await router.api('POST', `/v1/tickets/${ticketId}/replies`, { text: 'It ships today.', authorId: 'agent-1' });
    expect(reply.status).toBe(202);
    const states = () => of(TOPICS.delivery).map((record) => record.value['state']);
    const delivered = () => of(TOPICS.ticketEvents).some((record) => record.value['type'] === 'ticket.delivery-updated' && record.value['state'] === 'delivered');
    await waitFor('queued, sent and delivered reports and the ticket told of delivery', () => ['queued', 'sent', 'delivered'].every((state) => states().includes(state)) && delivered(), 90_000, 100);
    // The relay sends the last snapshot of each ticket per pass: each ticket's latest state must arrive.
    const keyOf = (record: TracedRecord) => `${String(record.value['ticketId'])}:${String(record.value['sequence'])}`;
    const lastOfEachTicket = () => {
      const last = new Map<string, TracedRecord>();
      for (const event of of(TOPICS.ticketEvents)) last.set(String(event.value['ticketId']), event);
      return [...last.values()].map(keyOf);
    };
    await waitFor('the latest snapshot of every ticket', () => lastOfEachTicket().every((key) => of(TOPICS.ticketState).some((snapshot) => keyOf(snapshot) === key)), 30_000, 100);
    for (const topic of KINDS) expect({ topic, count: of(topic).length > 0 }).toEqual({ topic, count: true });
    for (const record of records.filter((candidate) => candidate.topic !== TOPICS.ticketState)) {
      expect({ topic: record.topic, header: record.traceHeader }).toEqual({ topic: record.topic, header: record.value['traceId'] });
      expect(record.traceHeader).toMatch(/^[0-9a-f]{32}$/);
    }
    const eventTrace = new Map(of(TOPICS.ticketEvents).map((event) => [`${String(event.value['ticketId'])}:${String(event.value['sequence'])}`, event.value['traceId']]));
    for (const snapshot of of(TOPICS.ticketState)) {
      expect(snapshot.traceHeader).toMatch(/^[0-9a-f]{32}$/);
      expect(snapshot.traceHeader).toBe(eventTrace.get(`${String(snapshot.value['ticketId'])}:${String(snapshot.value['sequence'])}`));
    }
  }, 180_000);
});
