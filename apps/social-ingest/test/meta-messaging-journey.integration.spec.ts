import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOCIAL_INGEST_MIGRATIONS } from '@tributary/channel-social';
import { echoEvent, messagingWebhook, metaMessageId, SendApiEmulator, signedMetaWebhook } from '@tributary/channel-social/testing';
import { bootApp, type BootedApp, createTestDatabase, type RouterUnderTest, startRouterForTenant, type TestDatabase, waitFor, APP_CONSUMER_GROUPS, ownConsumerGroups } from '@tributary/platform-testing';
import { socialIngestApp } from '../src/social-ingest.app';

const APP_SECRET = `meta-secret-${randomUUID()}`;
const PAGE = { id: String(104_000_000_000_000 + Math.floor(Math.random() * 1e9)), channel: 'messenger' as const, token: `EAAG${randomUUID().replaceAll('-', '')}` };
const INSTAGRAM = { id: String(17_841_000_000_000_000 + Math.floor(Math.random() * 1e9)), channel: 'instagram' as const, token: PAGE.token };

interface TicketDetail {
  ticketId: string;
  contact: { contactId: string };
  messages: { channel: string; text: string; direction: string }[];
  replies: { outboundId: string; delivery: { state: string | null } }[];
}

/**
 * Messenger and Instagram end to end: the Send API emulation plays the customers and posts Meta-signed
 * webhooks to social-ingest, over Kafka into the real router; the agent's reply goes out through the
 * Send API, its echo (even when it races the Send API's answer) adds nothing, a message written in
 * Meta's own inbox shows on the ticket as the agent's, and watermarks move the reply forward.
 */
describe('Messenger and Instagram: messages to tickets, echoes, watermarks, a linked contact', () => {
  const tenantId = `me-${randomUUID().slice(0, 8)}`;
  const customer = String(7_000_000_000_000_000 + Math.floor(Math.random() * 1e9));
  const instagramUser = String(17_000_000_000_000_000 + Math.floor(Math.random() * 1e9));
  const meta = new SendApiEmulator({ accounts: [PAGE, INSTAGRAM], appSecret: APP_SECRET });
  let directory: string;
  let socialDb: TestDatabase;
  let router: RouterUnderTest;
  let social: BootedApp;

  const api = <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => router.api<T>(method, path, body);

  const tickets = (): Promise<TicketDetail[]> => router.tickets<TicketDetail>('?status=open');

  async function ticketWith(text: string): Promise<TicketDetail> {
    await waitFor(`a ticket with "${text}"`, async () => (await tickets()).some((ticket) => ticket.messages.some((message) => message.text === text)), 30_000, 200);
    const found = (await tickets()).find((ticket) => ticket.messages.some((message) => message.text === text));
    if (!found) throw new Error(`no ticket with "${text}"`);
    return found;
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'meta-journey-'));
    socialDb = await createTestDatabase('meta_social', { migrations: SOCIAL_INGEST_MIGRATIONS });
    const graphUrl = await meta.start();
    router = await startRouterForTenant(tenantId, 'meta_router');
    social = await bootApp(socialIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: socialDb.url,
      BLOB_STORE_DIR: join(directory, 'blobs'),
      META_PAGES: JSON.stringify({ [PAGE.id]: { tenantId, channel: 'messenger' }, [INSTAGRAM.id]: { tenantId, channel: 'instagram' } }),
      META_PAGE_TOKENS: JSON.stringify({ [PAGE.id]: PAGE.token, [INSTAGRAM.id]: INSTAGRAM.token }),
      META_APP_SECRETS: APP_SECRET,
      META_VERIFY_TOKEN: `verify-${randomUUID()}`,
      META_WEBHOOK_BASE_URL: 'https://social.example.com',
      META_GRAPH_BASE_URL: graphUrl,
      // The reply loop's own group, from the topic's end: no other suite's (or run's) replies are sent here.
      ...(await ownConsumerGroups('meta-messaging-journey', APP_CONSUMER_GROUPS['social-ingest'])).env,
    });
    meta.setWebhookUrl(`${social.baseUrl}/meta/webhook`);
  }, 180_000);

  afterAll(async () => {
    await social?.close();
    await router?.stop();
    await meta.stop();
    await socialDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it("sends the agent's reply once though its echo arrives before the Send API answers, and a read watermark marks it read", async () => {
    await meta.customerSends(PAGE.id, customer, 'Where is my order?');
    const ticket = await ticketWith('Where is my order?');
    meta.setEchoTiming('before-answer');
    const reply = await api<{ outboundId: string }>('POST', `/v1/tickets/${ticket.ticketId}/replies`, { text: 'It left the depot today.', authorId: 'agent-1' });
    expect(reply.status).toBe(202);
    await waitFor('the reply at the Send API', () => meta.sent.some((sent) => sent.body.message.text === 'It left the depot today.'), 30_000, 100);
    await meta.webhooksSettled();
    await waitFor('the reply sent', async () => (await api<TicketDetail>('GET', `/v1/tickets/${ticket.ticketId}`)).json.replies.some((entry) => entry.delivery.state === 'sent'), 30_000, 200);
    await meta.read(PAGE.id, customer);
    await waitFor('the reply read', async () => (await api<TicketDetail>('GET', `/v1/tickets/${ticket.ticketId}`)).json.replies.some((entry) => entry.delivery.state === 'read'), 30_000, 200);
    const detail = (await api<TicketDetail>('GET', `/v1/tickets/${ticket.ticketId}`)).json;
    expect(meta.sent.filter((sent) => sent.body.message.text === 'It left the depot today.')).toHaveLength(1);
    // The echo of Tributary's own send is not a second message on the ticket.
    expect(detail.messages.map((message) => [message.direction, message.text])).toEqual([['inbound', 'Where is my order?']]);
  });

  it("shows a message written in Meta's own inbox on the ticket as the agent's", async () => {
    const ticket = await ticketWith('Where is my order?');
    const written = messagingWebhook(PAGE, echoEvent(PAGE, customer, { mid: metaMessageId(), text: 'Answered from the Page inbox.', appId: '263902037430900' }));
    const signed = signedMetaWebhook(written, APP_SECRET);
    const answer = await fetch(`${social.baseUrl}/meta/webhook`, { method: 'POST', headers: signed.headers, body: signed.rawBody });
    expect(answer.status).toBe(200);
    await waitFor('the inbox message on the ticket', async () => (await api<TicketDetail>('GET', `/v1/tickets/${ticket.ticketId}`)).json.messages.some((message) => message.text === 'Answered from the Page inbox.'), 30_000, 200);
    const detail = (await api<TicketDetail>('GET', `/v1/tickets/${ticket.ticketId}`)).json;
    expect(detail.messages.find((message) => message.text === 'Answered from the Page inbox.')).toMatchObject({ channel: 'messenger', direction: 'outbound' });
  });

  it("puts an Instagram DM from a contact an agent linked to the Messenger customer into that customer's open ticket", async () => {
    const messengerTicket = await ticketWith('Where is my order?');
    await meta.customerSends(INSTAGRAM.id, instagramUser, 'Hi from Instagram');
    const instagramTicket = await ticketWith('Hi from Instagram');
    expect(instagramTicket.ticketId).not.toBe(messengerTicket.ticketId);
    const merged = await api('POST', `/v1/contacts/${instagramTicket.contact.contactId}/merge`, { intoContactId: messengerTicket.contact.contactId, mergedBy: 'agent-1' });
    expect(merged.status).toBe(200);
    await meta.customerSends(INSTAGRAM.id, instagramUser, 'Any update, please?');
    const joined = await ticketWith('Any update, please?');
    expect(joined.contact.contactId).toBe(messengerTicket.contact.contactId);
    expect((await tickets()).filter((ticket) => ticket.contact.contactId === messengerTicket.contact.contactId)).toHaveLength(1);
  });
});
