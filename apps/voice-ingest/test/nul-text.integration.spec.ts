import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@tributary/contracts';
import { smsWebhook, TwilioEmulator, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { bootApp, type BootedApp, ForwardingProxy, type ReadRecord, readTopic, type RouterUnderTest, startRouterForTenant, type TestDatabase, waitFor } from '@tributary/platform-testing';
import type { Consumer } from 'kafkajs';
import { voiceIngestApp } from '../src/voice-ingest.app';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
const LINE = '+498912345679';

interface TicketDetail {
  ticketId: string;
  messages: { channel: string; text: string }[];
}

/**
 * Issue 14, item 4, for a channel other than email: an SMS whose Body holds a NUL (PostgreSQL's text
 * refuses it) is acknowledged to Twilio and must then be stored, not dead-lettered by the router
 * after the acknowledgement, as it was before the kit's hand-off made every record storable.
 */
describe('an SMS with a NUL in its text', () => {
  const tenantId = `nul-${randomUUID().slice(0, 8)}`;
  const caller = `+4915${String(Date.now()).slice(-9)}`;
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const proxy = new ForwardingProxy();
  const deadLetters: ReadRecord[] = [];
  let reader: Consumer | undefined;
  let directory: string;
  let voiceDb: TestDatabase;
  let router: RouterUnderTest;
  let voice: BootedApp;
  let twilio: TwilioWebhookSender;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-nul-'));
    voiceDb = await createVoiceIngestDatabase();
    await emulator.start();
    const publicBaseUrl = await proxy.start();
    router = await startRouterForTenant(tenantId, 'voice_nul');
    voice = await bootApp(voiceIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: voiceDb.url,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: emulator.baseUrl,
      TWILIO_WEBHOOK_BASE_URL: publicBaseUrl,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId } }),
      ...(await voiceGroupsFromNow('voice-nul')).env,
      SPOOL_DIR: join(directory, 'spool'),
      BLOB_STORE_DIR: join(directory, 'blobs'),
    });
    proxy.forwardTo(voice.baseUrl);
    twilio = emulator.webhooks(publicBaseUrl, publicBaseUrl);
    reader = await readTopic(process.env['KAFKA_BROKERS'] ?? '', TOPICS.inboundDeadLetter, (record) => record.value['tenantId'] === tenantId && deadLetters.push(record));
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

  it('is acknowledged with a real Twilio signature and stored on a ticket without the NUL, nothing dead-lettered', async () => {
    const sent = await twilio.post('/twilio/sms', smsWebhook(caller, LINE, 'My parcel\0 has not arrived.', ACCOUNT));
    expect(sent.status).toBe(200);
    await waitFor('the SMS on a ticket', async () => (await router.tickets<TicketDetail>()).some((ticket) => ticket.messages.length > 0), 90_000, 250);
    const tickets = await router.tickets<TicketDetail>();
    expect(tickets.flatMap((ticket) => ticket.messages.map((message) => [message.channel, message.text]))).toEqual([['sms', 'My parcel has not arrived.']]);
    expect(deadLetters).toEqual([]);
  });
});
