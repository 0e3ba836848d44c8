import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inboundHandoffRecord } from '@tributary/channel-kit';
import { SOCIAL_INGEST_MIGRATIONS } from '@tributary/channel-social';
import { batchedWebhook, GraphApiEmulator, mediaMessageWebhook, signedMetaWebhook, textMessageWebhook, type WhatsappBusinessNumber } from '@tributary/channel-social/testing';
import { HEADERS, InboundMessageV1, TOPICS, stableUuid, type ContactIdentity, type InboundMessageV1Input } from '@tributary/contracts';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, type BootedApp, createTestDatabase, type ReadRecord, readTopic, type RouterUnderTest, startRouterForTenant, type TestDatabase, waitFor, APP_CONSUMER_GROUPS, ownConsumerGroups } from '@tributary/platform-testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { socialIngestApp } from '../src/social-ingest.app';

const ACCESS_TOKEN = `token-${randomUUID()}`;
const APP_SECRET = `secret-${randomUUID()}`;
const VERIFY_TOKEN = `verify-${randomUUID()}`;
const SMS_LINE = '+498912345678';

interface TicketDetail {
  ticketId: string;
  messages: { channel: string; text: string }[];
  replies: { outboundId: string; delivery: { state: string | null; error: { code: string; message: string } | null } }[];
}

/**
 * WhatsApp end to end: Meta-signed webhooks (escaped as Meta escapes them) into social-ingest, over
 * Kafka into the real router, and the agent's reply out through the strict Graph API emulation, whose
 * status webhooks come back signed. An SMS record as voice-ingest writes it shows one number is one contact.
 */
describe('WhatsApp Cloud API: webhooks to tickets, replies out, statuses back', () => {
  const tenantId = `w-${randomUUID().slice(0, 8)}`;
  const withTemplate: WhatsappBusinessNumber = { phoneNumberId: String(100_000_000_000 + Math.floor(Math.random() * 1e9)), displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
  const withoutTemplate: WhatsappBusinessNumber = { phoneNumberId: String(200_000_000_000 + Math.floor(Math.random() * 1e9)), displayPhoneNumber: '15550783882', wabaId: '102290129340398' };
  const customerNumber = `4915${String(Date.now()).slice(-9)}`;
  const customer = { waId: customerNumber, userId: `DE.${Date.now()}`, name: 'Jürgen Müller' };
  const graph = new GraphApiEmulator({ accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, numbers: [withTemplate, withoutTemplate], templates: [{ name: 'follow_up', language: 'en_US' }] });
  const deliveries: ReadRecord[] = [];
  const readers: Consumer[] = [];
  let directory: string;
  let socialDb: TestDatabase;
  let router: RouterUnderTest;
  let social: BootedApp;

  const api = <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => router.api<T>(method, path, body);

  const tickets = (): Promise<TicketDetail[]> => router.tickets<TicketDetail>();

  const untilMessages = (count: number): Promise<TicketDetail[]> => router.untilMessages<TicketDetail>(count);

  async function postWebhook(rawBody: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    const response = await fetch(`${social.baseUrl}/whatsapp-cloud/webhook`, { method: 'POST', headers, body: rawBody });
    return { status: response.status, body: await response.text() };
  }

  async function customerWrites(number: WhatsappBusinessNumber, text: string): Promise<{ status: number; messageId: string }> {
    const { payload, messageId } = textMessageWebhook(number, customer, text);
    graph.customerWrote(number.phoneNumberId, customer);
    const signed = signedMetaWebhook(payload, APP_SECRET);
    return { status: (await postWebhook(signed.rawBody, signed.headers)).status, messageId };
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'whatsapp-journey-'));
    socialDb = await createTestDatabase('social_ingest', { migrations: SOCIAL_INGEST_MIGRATIONS });
    const graphUrl = await graph.start();
    router = await startRouterForTenant(tenantId, 'whatsapp_router');
    social = await bootApp(socialIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: socialDb.url,
      BLOB_STORE_DIR: join(directory, 'social-blobs'),
      WHATSAPP_CLOUD_NUMBERS: JSON.stringify({
        [withTemplate.phoneNumberId]: { tenantId, reengagementTemplate: { name: 'follow_up', language: 'en_US' } },
        [withoutTemplate.phoneNumberId]: { tenantId },
      }),
      WHATSAPP_CLOUD_GRAPH_BASE_URL: graphUrl,
      WHATSAPP_CLOUD_ACCESS_TOKEN: ACCESS_TOKEN,
      WHATSAPP_CLOUD_APP_SECRETS: `old-app-secret-${randomUUID()},${APP_SECRET}`,
      WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_CLOUD_WEBHOOK_BASE_URL: 'https://social.example.com',
      // The reply loop's own group, from the topic's end: no other suite's (or run's) replies are sent here.
      ...(await ownConsumerGroups('whatsapp-journey', APP_CONSUMER_GROUPS['social-ingest'])).env,
    });
    graph.setWebhookUrl(`${social.baseUrl}/whatsapp-cloud/webhook`);
    readers.push(await readTopic(process.env['KAFKA_BROKERS'] ?? '', TOPICS.delivery, (record) => record.value['tenantId'] === tenantId && deliveries.push(record)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await social?.close();
    await router?.stop();
    await graph.stop();
    await socialDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it("answers Meta's subscription handshake with the challenge, and only for the configured verify token", async () => {
    const handshake = (token: string): Promise<Response> =>
      fetch(`${social.baseUrl}/whatsapp-cloud/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`);
    const accepted = await handshake(VERIFY_TOKEN);
    expect([accepted.status, await accepted.text()]).toEqual([200, '1158201444']);
    expect((await handshake(`${VERIFY_TOKEN}x`)).status).toBe(403);
  });

  it('makes one ticket of a signed message with non-ASCII text, however often and in whatever batch Meta delivers it', async () => {
    const text = 'Grüße! Das Paket ist nicht da 📦 — siehe https://example.com/track';
    const { payload, messageId } = textMessageWebhook(withTemplate, customer, text);
    graph.customerWrote(withTemplate.phoneNumberId, customer);
    const signed = signedMetaWebhook(payload, APP_SECRET);
    expect(signed.rawBody.toString('utf8')).toContain('\\u00fc');
    expect((await postWebhook(signed.rawBody, signed.headers)).status).toBe(200);
    // Meta's retries: the same bytes again, twice.
    expect((await postWebhook(signed.rawBody, signed.headers)).status).toBe(200);
    expect((await postWebhook(signed.rawBody, signed.headers)).status).toBe(200);
    const all = await untilMessages(1);
    expect(all).toHaveLength(1);
    expect(all[0]?.messages.map((message) => [message.channel, message.text])).toEqual([['whatsapp', text]]);
    expect(messageId).toMatch(/^wamid\./);
  });

  it('stores each message of a reordered batch once, a repeat inside the batch included', async () => {
    const before = (await tickets())[0]?.messages.length ?? 0;
    const earlier = textMessageWebhook(withTemplate, customer, 'First of two', { timestamp: new Date(Date.now() - 60_000) });
    const later = textMessageWebhook(withTemplate, customer, 'Second of two');
    const signed = signedMetaWebhook(batchedWebhook(later.payload, earlier.payload, later.payload), APP_SECRET);
    expect((await postWebhook(signed.rawBody, signed.headers)).status).toBe(200);
    const all = await untilMessages(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const texts = (await tickets()).flatMap((ticket) => ticket.messages.map((message) => message.text));
    expect(texts.filter((text) => text === 'First of two' || text === 'Second of two').sort()).toEqual(['First of two', 'Second of two']);
    expect(all).toHaveLength(1);
  });

  it('stores an image in the blob store through the two-step media download, with its caption as the text', async () => {
    const bytes = Buffer.from('\x89PNG fake image bytes');
    const mediaId = String(Date.now());
    graph.addMedia(mediaId, bytes, 'image/png');
    const { payload } = mediaMessageWebhook(withTemplate, customer, { type: 'image', mediaId, mimeType: 'image/png', caption: 'The broken part' });
    const signed = signedMetaWebhook(payload, APP_SECRET);
    expect((await postWebhook(signed.rawBody, signed.headers)).status).toBe(200);
    const [ticket] = await waitForTicketWith('The broken part');
    const detail = (await api<{ messages: { text: string; attachments: { state: string; contentType: string | null; file: { sizeBytes: number } | null }[] }[] }>('GET', `/v1/tickets/${ticket?.ticketId ?? ''}`)).json;
    expect(detail.messages.find((message) => message.text === 'The broken part')?.attachments).toEqual([
      expect.objectContaining({ state: 'stored', contentType: 'image/png', file: expect.objectContaining({ sizeBytes: bytes.length }) as unknown }),
    ]);
  });

  it('refuses unsigned, wrongly signed and re-serialized webhooks with 403, and they produce nothing', async () => {
    const before = (await tickets())[0]?.messages.length ?? 0;
    const { payload } = textMessageWebhook(withTemplate, customer, 'Ünsigned intruder');
    const signed = signedMetaWebhook(payload, APP_SECRET);
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(signed.rawBody.toString('utf8'))));
    const { ['x-hub-signature-256']: _signature, ...unsigned } = signed.headers;
    expect((await postWebhook(signed.rawBody, unsigned)).status).toBe(403);
    expect((await postWebhook(signed.rawBody, signedMetaWebhook(payload, `wrong-${APP_SECRET}`).headers)).status).toBe(403);
    expect((await postWebhook(reserialized, signed.headers)).status).toBe(403);
    // A signed message that is accepted afterwards proves the refused ones were not just slow.
    expect((await customerWrites(withTemplate, 'Signed and welcome')).status).toBe(200);
    const all = await untilMessages(before + 1);
    expect(all.flatMap((ticket) => ticket.messages.map((message) => message.text))).not.toContain('Ünsigned intruder');
    expect(all.reduce((sum, ticket) => sum + ticket.messages.length, 0)).toBe(before + 1);
  });

  it('puts an SMS from the same number into the same contact and open ticket', async () => {
    const before = (await tickets())[0]?.messages.length ?? 0;
    const sid = `SM${randomUUID().replaceAll('-', '')}`;
    await publishInbound(inboundRecord('sms', 'twilio', sid, { kind: 'phone', value: `+${customerNumber}` }, SMS_LINE, 'Also writing by SMS.', new Date()));
    const all = await untilMessages(before + 1);
    expect(all).toHaveLength(1);
    expect(all[0]?.messages.map((message) => message.channel)).toEqual([...Array<string>(before).fill('whatsapp'), 'sms']);
  });

  it("sends the agent's reply inside the window as a text answering the customer's message; statuses move it forward only", async () => {
    const { messageId } = await customerWrites(withTemplate, 'Any news?');
    const [ticket] = await waitForTicketWith('Any news?');
    if (!ticket) throw new Error('no ticket for "Any news?"');
    graph.planStatuses(['read', 'sent', 'delivered']);
    const reply = await api<{ outboundId: string }>('POST', `/v1/tickets/${ticket.ticketId}/replies`, { text: 'It ships today.', authorId: 'agent-1', channel: 'whatsapp' });
    expect(reply.status).toBe(202);
    await waitFor('the reply at the Graph API', () => graph.sent.some((sent) => sent.body.text?.body === 'It ships today.'), 30_000, 100);
    const sent = graph.sent.find((entry) => entry.body.text?.body === 'It ships today.');
    expect(sent).toMatchObject({ phoneNumberId: withTemplate.phoneNumberId, body: { type: 'text', to: customerNumber, context: { message_id: messageId } } });
    // read arrived first; the sent and delivered after it must not move the reply back.
    await waitFor('the statuses on the delivery topic', () => deliveries.filter((record) => record.value['outboundId'] === reply.json.outboundId).length >= 4, 30_000, 100);
    await waitFor('the reply read on the ticket', async () => replyOf(await ticketById(ticket.ticketId), reply.json.outboundId)?.delivery.state === 'read', 30_000, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(replyOf(await ticketById(ticket.ticketId), reply.json.outboundId)?.delivery.state).toBe('read');
  });

  it('answers after 24 hours of silence with the configured template, and fails visibly on the ticket where none is configured', async () => {
    const longAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    const templated = await ticketOfOldMessage(withTemplate, longAgo, 'Hello from yesterday, number one');
    const reengaged = await api<{ outboundId: string }>('POST', `/v1/tickets/${templated}/replies`, { text: 'We are back to you.', authorId: 'agent-1', channel: 'whatsapp' });
    expect(reengaged.status).toBe(202);
    await waitFor('the template at the Graph API', () => graph.sent.some((sent) => sent.body.template?.name === 'follow_up'), 30_000, 100);
    expect(graph.sent.find((sent) => sent.body.template?.name === 'follow_up')?.body).toMatchObject({ type: 'template', template: { language: { code: 'en_US' } } });

    const ticketId = await ticketOfOldMessage(withoutTemplate, longAgo, 'Hello from yesterday, number two');
    const refused = await api<{ outboundId: string }>('POST', `/v1/tickets/${ticketId}/replies`, { text: 'Sorry for the wait.', authorId: 'agent-1', channel: 'whatsapp' });
    expect(refused.status).toBe(202);
    await waitFor('the failure on the ticket', async () => replyOf(await ticketById(ticketId), refused.json.outboundId)?.delivery.state === 'failed', 30_000, 200);
    expect(replyOf(await ticketById(ticketId), refused.json.outboundId)?.delivery.error).toMatchObject({ code: '131047', message: expect.stringContaining('24 hours') as unknown });
    expect(graph.sent.some((sent) => sent.body.text?.body === 'Sorry for the wait.')).toBe(false);
  });

  async function ticketById(ticketId: string): Promise<TicketDetail> {
    return (await api<TicketDetail>('GET', `/v1/tickets/${ticketId}`)).json;
  }

  async function waitForTicketWith(text: string): Promise<TicketDetail[]> {
    await waitFor(`a ticket with "${text}"`, async () => (await tickets()).some((t) => t.messages.some((message) => message.text === text)), 30_000, 200);
    return (await tickets()).filter((t) => t.messages.some((message) => message.text === text));
  }

  /**
   * A WhatsApp message to the number without a template, received 25 hours ago: published as
   * social-ingest published it then (its own clock cannot be turned back), so the router's reply
   * names a customer message outside the window.
   */
  async function ticketOfOldMessage(number: WhatsappBusinessNumber, receivedAt: Date, text: string): Promise<string> {
    const wamid = `wamid.${randomUUID()}`;
    await publishInbound(inboundRecord('whatsapp', 'whatsapp-cloud', wamid, { kind: 'whatsapp', value: `+4917${String(Date.now()).slice(-9)}` }, number.phoneNumberId, text, receivedAt));
    const [ticket] = await waitForTicketWith(text);
    if (!ticket) throw new Error('no ticket for the old message');
    return ticket.ticketId;
  }

  /** A record as an ingest app writes it on the inbound topic (the kit's key, the contract's headers). */
  async function publishInbound(message: InboundMessageV1Input): Promise<void> {
    const record = inboundHandoffRecord(message);
    const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'whatsapp-journey', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.inbound,
      messages: [{ key: record.key, value: JSON.stringify(message), headers: { [HEADERS.contract]: InboundMessageV1.name, [HEADERS.contractVersion]: String(InboundMessageV1.version), [HEADERS.contentType]: 'application/json' } }],
    });
    await producer.disconnect();
  }

  function inboundRecord(channel: 'sms' | 'whatsapp', provider: 'twilio' | 'whatsapp-cloud', providerId: string, sender: ContactIdentity, inbox: string, text: string, receivedAt: Date): InboundMessageV1Input {
    return {
      schemaVersion: 1,
      messageId: stableUuid(provider, providerId),
      tenantId,
      channel,
      provider,
      providerMessageId: providerId,
      dedupeKey: `${provider}:${providerId}`,
      receivedAt: receivedAt.toISOString(),
      sender: { identities: [sender] },
      inbox: { address: inbox },
      thread: { references: [] },
      text,
      attachments: [],
      autoSubmitted: { flagged: false },
      traceId: randomUUID().replaceAll('-', ''),
      extras: {},
    };
  }
});

function replyOf(ticket: TicketDetail, outboundId: string): TicketDetail['replies'][number] | undefined {
  return ticket.replies.find((reply) => reply.outboundId === outboundId);
}
