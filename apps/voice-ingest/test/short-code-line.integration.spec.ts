import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@tributary/contracts';
import { smsWebhook, TwilioEmulator, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { bootApp, type BootedApp, type ReadRecord, readTopic, type TestDatabase, waitFor } from '@tributary/platform-testing';
import type { Consumer } from 'kafkajs';
import { voiceIngestApp } from '../src/voice-ingest.app';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
/** A US short code, written as Twilio writes it in an SMS webhook's To: six digits, no + and no country code. */
const SHORT_CODE = '384387';
const PUBLIC = 'https://voice.example.com';

/**
 * A short code configured as a phone line (TWILIO_NUMBERS), end to end: the signed SMS webhook to it
 * is accepted (it used to be refused 400) and becomes an InboundMessage of the line's tenant on Kafka.
 */
describe('an SMS to a short code line', () => {
  const tenantId = `sc-${randomUUID().slice(0, 8)}`;
  const caller = `+1202${String(Date.now()).slice(-7)}`;
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const inbound: ReadRecord[] = [];
  let reader: Consumer | undefined;
  let directory: string;
  let voiceDb: TestDatabase;
  let voice: BootedApp;
  let twilio: TwilioWebhookSender;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-short-code-'));
    voiceDb = await createVoiceIngestDatabase();
    await emulator.start();
    voice = await bootApp(voiceIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: voiceDb.url,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: emulator.baseUrl,
      TWILIO_WEBHOOK_BASE_URL: PUBLIC,
      TWILIO_NUMBERS: JSON.stringify({ [SHORT_CODE]: { tenantId, displayName: 'Acme alerts' } }),
      ...(await voiceGroupsFromNow('short-code-line')).env,
      SPOOL_DIR: join(directory, 'spool'),
      BLOB_STORE_DIR: join(directory, 'blobs'),
    });
    twilio = emulator.webhooks(voice.baseUrl, PUBLIC);
    reader = await readTopic(process.env['KAFKA_BROKERS'] ?? '', TOPICS.inbound, (record) => record.value['tenantId'] === tenantId && inbound.push(record));
  }, 120_000);

  afterAll(async () => {
    await reader?.disconnect();
    await voice?.close();
    await emulator.stop();
    await voiceDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it("accepts the webhook and hands on the SMS as the line's tenant, the short code as the inbox", async () => {
    const params = smsWebhook(caller, SHORT_CODE, 'STOP reminders please', ACCOUNT);
    const answer = await twilio.post('/twilio/sms', params);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: expect.stringContaining('<Response>') as unknown });

    await waitFor('the SMS on tributary.inbound.v1', () => inbound.length > 0, 30_000, 100);
    expect(inbound[0]?.value).toMatchObject({
      tenantId,
      channel: 'sms',
      dedupeKey: `twilio:message:${params['MessageSid']}`,
      inbox: { address: SHORT_CODE, displayName: 'Acme alerts' },
      sender: { identities: [{ kind: 'phone', value: caller }] },
      text: 'STOP reminders please',
    });
  });

  it('still refuses a short code no line is configured for, as an unknown number', async () => {
    const answer = await twilio.post('/twilio/sms', smsWebhook(caller, '89203', 'hello?', ACCOUNT));
    expect(answer.status).toBe(404);
  });
});
