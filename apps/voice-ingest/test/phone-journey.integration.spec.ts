import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@tributary/contracts';
import { twilioSignature } from '@tributary/channel-voice';
import { callParams, sid, smsWebhook, TwilioEmulator, whatsappWebhook, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { bootApp, type BootedApp, ForwardingProxy, type ReadRecord, readTopic, type RouterUnderTest, startRouterForTenant, type TestDatabase, waitFor } from '@tributary/platform-testing';
import type { Consumer } from 'kafkajs';
import { voiceIngestApp } from '../src/voice-ingest.app';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
const LINE = '+498912345678';

interface TicketDetail {
  ticketId: string;
  messages: { channel: string; text: string }[];
  replies: { outboundId: string; delivery: { state: string | null; providerMessageId: string | null } }[];
}

/**
 * The phone channel end to end: Twilio-signed webhooks through a forwarding proxy into voice-ingest,
 * over Kafka into the real router (its own process and a fresh database), and an agent's reply back
 * out through the Twilio API emulation with its status callbacks on the delivery topic and the ticket.
 */
describe('phone channel: SMS and voicemail to one ticket, reply out with delivery reports', () => {
  const tenantId = `v-${randomUUID().slice(0, 8)}`;
  const caller = `+4915${String(Date.now()).slice(-9)}`;
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const proxy = new ForwardingProxy();
  const deliveries: ReadRecord[] = [];
  const ticketEvents: ReadRecord[] = [];
  const readers: Consumer[] = [];
  let directory: string;
  let voiceDb: TestDatabase;
  let router: RouterUnderTest;
  let voice: BootedApp;
  let twilio: TwilioWebhookSender;

  const api = <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => router.api<T>(method, path, body);

  const tickets = (): Promise<TicketDetail[]> => router.tickets<TicketDetail>();

  const untilMessages = (count: number): Promise<TicketDetail[]> => router.untilMessages<TicketDetail>(count);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-journey-'));
    voiceDb = await createVoiceIngestDatabase();
    await emulator.start();
    const publicBaseUrl = await proxy.start();
    router = await startRouterForTenant(tenantId, 'voice');
    voice = await bootApp(voiceIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: voiceDb.url,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: emulator.baseUrl,
      TWILIO_WEBHOOK_BASE_URL: publicBaseUrl,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId, greeting: 'Welcome to Acme.' } }),
      ...(await voiceGroupsFromNow('phone-journey')).env,
      SPOOL_DIR: join(directory, 'spool'),
      BLOB_STORE_DIR: join(directory, 'blobs'),
    });
    proxy.forwardTo(voice.baseUrl);
    twilio = emulator.webhooks(publicBaseUrl, publicBaseUrl);
    const brokers = process.env['KAFKA_BROKERS'] ?? '';
    readers.push(
      await readTopic(brokers, TOPICS.delivery, (record) => record.value['tenantId'] === tenantId && deliveries.push(record)),
      await readTopic(brokers, TOPICS.ticketEvents, (record) => record.value['tenantId'] === tenantId && ticketEvents.push(record)),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await voice?.close();
    await router?.stop();
    await proxy.stop();
    await emulator.stop();
    await voiceDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('makes a ticket of a signed SMS; a second SMS and a voicemail from the same number join it, the voicemail with its transcript', async () => {
    const first = await twilio.post('/twilio/sms', smsWebhook(caller, LINE, 'My parcel has not arrived.', ACCOUNT));
    expect(first).toMatchObject({ status: 200, contentType: expect.stringContaining('text/xml') as unknown });
    expect(await untilMessages(1)).toHaveLength(1);

    expect((await twilio.post('/twilio/sms', smsWebhook(caller, LINE, 'Order 1234, if that helps.', ACCOUNT))).status).toBe(200);

    const callSid = sid('CA');
    const answer = await twilio.post('/twilio/voice', callParams(callSid, caller, LINE, ACCOUNT));
    expect(answer.body).toContain('<Say>Welcome to Acme.</Say>');
    expect(answer.body).toContain('<Record');
    const recording = emulator.addRecording(callSid, 12, Buffer.from('RIFF fake wav bytes'));
    expect((await twilio.post('/twilio/voice/recording', { ...callParams(callSid, caller, LINE, ACCOUNT), RecordingSid: recording.sid, RecordingUrl: recording.url, RecordingStatus: 'completed', RecordingDuration: '12' })).status).toBe(204);
    const transcription = await twilio.post('/twilio/voice/transcription', {
      ...callParams(callSid, caller, LINE, ACCOUNT),
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
      TranscriptionSid: `TR${randomUUID().replaceAll('-', '')}`,
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Hello, calling about order 1234, please call me back.',
    });
    expect(transcription.status).toBe(204);
    expect((await twilio.post('/twilio/voice/status', { ...callParams(callSid, caller, LINE, ACCOUNT), CallStatus: 'completed', CallDuration: '31' })).status).toBe(204);

    const all = await untilMessages(3);
    expect(all).toHaveLength(1);
    expect(all[0]?.messages.map((message) => [message.channel, message.text])).toEqual([
      ['sms', 'My parcel has not arrived.'],
      ['sms', 'Order 1234, if that helps.'],
      ['voice', 'Hello, calling about order 1234, please call me back.'],
    ]);
  });

  it('adds nothing for missing, wrong or truncated signatures, or for a replay of an accepted webhook', async () => {
    const before = (await tickets())[0]?.messages.length ?? 0;
    const accepted = smsWebhook(caller, LINE, 'Accepted once.', ACCOUNT);
    expect((await twilio.post('/twilio/sms', accepted)).status).toBe(200);
    const forged = smsWebhook(caller, LINE, 'forged', ACCOUNT);
    const good = twilioSignature(TOKEN, `${voice.baseUrl}/twilio/sms`, forged);
    expect((await twilio.post('/twilio/sms', forged, { signature: null })).status).toBe(403);
    expect((await twilio.post('/twilio/sms', forged, { signature: 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbCE=' })).status).toBe(403);
    expect((await twilio.post('/twilio/sms', forged, { signature: good.slice(0, 10) })).status).toBe(403);
    // Signed for the address the service listens on, not the public URL Twilio was given: refused.
    expect((await twilio.post('/twilio/sms', forged, { signature: good })).status).toBe(403);
    expect((await twilio.post('/twilio/sms', accepted)).status).toBe(200);
    expect((await twilio.post('/twilio/sms', smsWebhook(caller, LINE, 'Marker after the refusals.', ACCOUNT))).status).toBe(200);

    const all = await untilMessages(before + 2);
    const texts = all.flatMap((ticket) => ticket.messages.map((message) => message.text));
    expect(texts.slice(before)).toEqual(['Accepted once.', 'Marker after the refusals.']);
    expect(texts).not.toContain('forged');
  });

  it("sends an agent's reply through the Twilio API; its status callbacks reach the delivery topic and the ticket", async () => {
    const [ticket] = await tickets();
    const reply = await api<{ outboundId: string }>('POST', `/v1/tickets/${ticket?.ticketId ?? ''}/replies`, { text: 'We are on it, expect a call today.', authorId: 'agent-7' });
    expect(reply.status).toBe(202);
    const outboundId = reply.json.outboundId;

    await waitFor('the reply at the Twilio API', () => emulator.messages.some((message) => message.body === 'We are on it, expect a call today.'), 30_000, 100);
    const sent = emulator.messages.find((message) => message.body === 'We are on it, expect a call today.');
    expect(sent).toMatchObject({ to: caller, from: LINE });

    const states = (): string[] => deliveries.filter((record) => record.value['outboundId'] === outboundId).map((record) => String(record.value['state']));
    await waitFor('queued, sent and delivered on tributary.delivery.v1', () => ['queued', 'sent', 'delivered'].every((state) => states().includes(state)), 30_000, 100);
    expect(deliveries.find((record) => record.value['state'] === 'delivered')?.value).toMatchObject({ provider: 'twilio', providerMessageId: sent?.sid, ticketId: ticket?.ticketId });

    await waitFor('ticket.delivery-updated delivered', () => ticketEvents.some((event) => event.value['type'] === 'ticket.delivery-updated' && event.value['state'] === 'delivered'), 30_000, 100);
    const detail = await api<TicketDetail>('GET', `/v1/tickets/${ticket?.ticketId ?? ''}`);
    expect(detail.json.replies).toEqual([expect.objectContaining({ outboundId, delivery: expect.objectContaining({ state: 'delivered', providerMessageId: sent?.sid }) as unknown })]);
  });

  it('puts a WhatsApp message through Twilio from the same number into the same ticket, and answers it over WhatsApp inside the window', async () => {
    const before = (await tickets())[0]?.messages.length ?? 0;
    const accepted = await twilio.post('/twilio/sms', whatsappWebhook(caller, LINE, 'Writing on WhatsApp now.', ACCOUNT));
    expect(accepted.status).toBe(200);
    emulator.customerWrote(`whatsapp:${caller}`, `whatsapp:${LINE}`);
    const all = await untilMessages(before + 1);
    expect(all).toHaveLength(1);
    expect(all[0]?.messages.at(-1)).toMatchObject({ channel: 'whatsapp', text: 'Writing on WhatsApp now.' });

    emulator.planCallbacks(['sent', 'read', 'delivered'], `whatsapp:${caller}`);
    const reply = await api<{ outboundId: string }>('POST', `/v1/tickets/${all[0]?.ticketId ?? ''}/replies`, { text: 'Seen it, thanks.', authorId: 'agent-7', channel: 'whatsapp' });
    expect(reply.status).toBe(202);
    await waitFor('the WhatsApp reply at the Twilio API', () => emulator.messages.some((message) => message.body === 'Seen it, thanks.'), 30_000, 100);
    expect(emulator.messages.find((message) => message.body === 'Seen it, thanks.')).toMatchObject({ to: `whatsapp:${caller}`, from: `whatsapp:${LINE}` });
    // Read came before delivered: the ticket keeps read.
    await waitFor('read on the ticket', async () => {
      const detail = await api<TicketDetail>('GET', `/v1/tickets/${all[0]?.ticketId ?? ''}`);
      return detail.json.replies.some((entry) => entry.outboundId === reply.json.outboundId && entry.delivery.state === 'read');
    }, 30_000, 200);
    await waitFor('all three callbacks answered', () => emulator.callbacks.filter((callback) => callback.params['To'] === `whatsapp:${caller}`).length >= 3, 30_000, 100);
    const detail = await api<TicketDetail>('GET', `/v1/tickets/${all[0]?.ticketId ?? ''}`);
    expect(detail.json.replies.find((entry) => entry.outboundId === reply.json.outboundId)?.delivery.state).toBe('read');
  });
});
