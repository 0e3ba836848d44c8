import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inboundRecordKey } from '@tributary/channel-kit';
import { TOPICS } from '@tributary/contracts';
import { smsWebhook, TwilioEmulator, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { startStack, stopComponent, stopStack } from '@tributary/local-stack';
import { type AppProcess, type ReadRecord, readTopic, startAppProcess, type TestDatabase, waitFor, suiteStackName } from '@tributary/platform-testing';
import type { Consumer } from 'kafkajs';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
const LINE = '+498912345678';
const SENDERS = ['+4915100000001', '+4915100000002', '+4915100000003', '+4915100000004'];
const PER_SENDER_PER_PHASE = 25;

/**
 * Twilio does not redeliver a webhook it gave up on, so while Kafka is away the service must still
 * answer quickly and keep what it accepted. The broker is this suite's own, so stopping it does not
 * disturb the suites sharing the test stack. The service runs as its own process so it can be killed
 * (a crash, nothing drained) and started again with a non-empty spool.
 */
describe('voice-ingest across a Kafka outage and a crash', () => {
  const stackName = suiteStackName('voice-outage');
  const tenantId = `o-${randomUUID().slice(0, 8)}`;
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const received: ReadRecord[] = [];
  const latenciesMs: number[] = [];
  let brokers: string;
  let directory: string;
  let db: TestDatabase;
  let service: AppProcess;
  let reader: Consumer | undefined;

  function startService(): Promise<AppProcess> {
    return startAppProcess('voice-ingest', {
      env: {
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PARTITIONS: '2',
        DATABASE_URL: db.url,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_BASE_URL: emulator.baseUrl,
        TWILIO_WEBHOOK_BASE_URL: 'https://voice.example.com',
        TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId } }),
        SPOOL_DIR: join(directory, 'spool'),
        BLOB_STORE_DIR: join(directory, 'blobs'),
      },
    });
  }

  function twilio(): TwilioWebhookSender {
    return emulator.webhooks(service.baseUrl, 'https://voice.example.com');
  }

  /** Each sender texts in order (Twilio posts one sender's messages one after another); senders run at once. */
  async function sendPhase(phase: number): Promise<number[]> {
    const statuses: number[] = [];
    await Promise.all(
      SENDERS.map(async (sender) => {
        for (let n = 1; n <= PER_SENDER_PER_PHASE; n += 1) {
          const started = performance.now();
          const answer = await twilio().post('/twilio/sms', smsWebhook(sender, LINE, `${phase * PER_SENDER_PER_PHASE + n}`, ACCOUNT));
          latenciesMs.push(performance.now() - started);
          statuses.push(answer.status);
        }
      }),
    );
    return statuses;
  }

  /** Subscribes once the service has created the topic (it does so in the background after start). */
  async function read(): Promise<void> {
    await waitFor(
      'a reader on the inbound topic',
      async () => {
        try {
          reader = await readTopic(brokers, TOPICS.inbound, (record) => record.value['tenantId'] === tenantId && received.push(record), { from: 'beginning' });
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      500,
    );
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-outage-'));
    db = await createVoiceIngestDatabase();
    await emulator.start();
    brokers = (await startStack({ name: stackName, components: ['kafka'] })).env['KAFKA_BROKERS'] ?? '';
    service = await startService();
    await read();
    // Kafka up: a webhook is answered after the broker acknowledged it.
    expect((await twilio().post('/twilio/sms', smsWebhook(SENDERS[0] ?? '', LINE, 'before the outage', ACCOUNT))).status).toBe(200);
    await waitFor('the first message on Kafka', () => received.length === 1, 60_000, 100);
    await reader?.disconnect();
    reader = undefined;
  }, 180_000);

  afterAll(async () => {
    await reader?.disconnect();
    await service?.kill();
    await emulator.stop();
    await stopStack({ name: stackName });
    await db?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('answers 200 webhooks within 2 s each with Kafka stopped, across a crash, and delivers all exactly once and in order per sender', async () => {
    await stopComponent(stackName, 'kafka');

    expect((await sendPhase(0)).every((status) => status === 200)).toBe(true);
    await service.kill();
    service = await startService();
    expect((await sendPhase(1)).every((status) => status === 200)).toBe(true);

    expect(latenciesMs).toHaveLength(200);
    expect(Math.max(...latenciesMs)).toBeLessThan(2_000);

    received.length = 0;
    await startStack({ name: stackName, components: ['kafka'] });
    await read();
    await waitFor('all 201 messages on Kafka', () => new Set(received.map((record) => record.value['dedupeKey'])).size === 201, 120_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const keys = received.map((record) => String(record.value['dedupeKey']));
    expect(keys).toHaveLength(new Set(keys).size);
    for (const sender of SENDERS) {
      const key = inboundRecordKey({ tenantId, sender: { identities: [{ kind: 'phone', value: sender }] } });
      const texts = received.filter((record) => record.key === key && record.value['text'] !== 'before the outage').map((record) => Number(record.value['text']));
      expect(texts).toEqual(Array.from({ length: 2 * PER_SENDER_PER_PHASE }, (_, index) => index + 1));
    }
  }, 300_000);
});
