import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Server } from 'node:http';
import { InboundMessageV1, TOPICS } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher, toKafkaJsConfig } from '@tributary/platform-kafka';
import { launchHeadlessChromium, readTopic, startRouterForTenant, waitFor, type BootedApp, type OwnConsumerGroups, type ReadRecord, type RouterUnderTest, type TestDatabase } from '@tributary/platform-testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { bootChatIngest, chatSuiteResources, ChatTestClient, tenantToken } from './chat-test-support';

interface TicketDetail {
  ticketId: string;
  messages: { channel: string; text: string }[];
  replies: { outboundId: string; delivery: { state: string | null } }[];
}

/**
 * The widget in real headless Chromium, against chat-ingest, Kafka and the real router: a visitor
 * writes, the server drops the socket (the TCP connection destroyed, no close frame), the visitor
 * writes again while the widget reconnects, then reloads the page. Each message reaches the inbound
 * topic and the ticket exactly once; the agent's reply through the queue API shows in the page,
 * and the widget's ack and read watermark come back to the ticket as delivered, then read.
 * A message written while the database refuses connections is refused for now and sent again by
 * the widget, on the same socket, until it is stored once.
 */
describe('chat widget: a visitor in Chromium, a dropped socket, a reload, an agent reply', () => {
  const tenantId = `chat-${randomUUID().slice(0, 8)}`;
  /** A second tenant with the offline form on, on the same replica. */
  const offlineTenantId = `chat-${randomUUID().slice(0, 8)}`;
  /** A third, whose visitor writes while the database refuses connections. */
  const outageTenantId = `chat-${randomUUID().slice(0, 8)}`;
  const inbound: ReadRecord[] = [];
  const offlineInbound: ReadRecord[] = [];
  const outageInbound: ReadRecord[] = [];
  const deliveries: ReadRecord[] = [];
  const readers: Consumer[] = [];
  /** The raw connections of the widget's sockets, so the test can drop them as a network would. */
  const upgraded: Socket[] = [];
  let database: TestDatabase;
  let groups: OwnConsumerGroups;
  let router: RouterUnderTest;
  let chat: BootedApp;
  let browser: Browser;
  let page: Page;

  const texts = (): unknown[] => inbound.map((record) => record.value['text']);
  const tickets = (): Promise<TicketDetail[]> => router.tickets<TicketDetail>();
  const messageItem = (text: string) => page.locator('#tributary-chat li', { hasText: text });

  beforeAll(async () => {
    ({ database, groups } = await chatSuiteResources('chat-journey'));
    router = await startRouterForTenant(tenantId, 'chat_journey_router');
    chat = await bootChatIngest(tenantId, database, groups, {
      CHAT_TENANTS: JSON.stringify({
        [tenantId]: { origins: ['*'], anonymous: true },
        [offlineTenantId]: { origins: ['*'], anonymous: true, offlineForm: true },
        [outageTenantId]: { origins: ['*'], anonymous: true },
      }),
    });
    await groups.verify();
    // After the apps: they create the topics on a fresh broker.
    readers.push(
      await readTopic(process.env['KAFKA_BROKERS'] ?? '', TOPICS.inbound, (record) => {
        if (record.value['tenantId'] === tenantId) inbound.push(record);
        if (record.value['tenantId'] === offlineTenantId) offlineInbound.push(record);
        if (record.value['tenantId'] === outageTenantId) outageInbound.push(record);
      }),
      await readTopic(process.env['KAFKA_BROKERS'] ?? '', TOPICS.delivery, (record) => record.value['tenantId'] === tenantId && deliveries.push(record)),
    );
    (chat.app.getHttpServer() as Server).on('upgrade', (_request, socket: Socket) => upgraded.push(socket));
    browser = await launchHeadlessChromium();
    page = await browser.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await chat?.close();
    await router?.stop();
    await database?.drop();
  }, 60_000);

  it('stores each message once through a dropped socket and a reload', async () => {
    await page.goto(`${chat.baseUrl}/demo?tenant=${tenantId}`);
    await page.click('#tributary-chat .tc-launcher');
    await page.waitForSelector('#tributary-chat[data-connection="open"]', { timeout: 30_000 });
    await page.fill('#tributary-chat textarea', 'Where is my order 1234?');
    await page.press('#tributary-chat textarea', 'Enter');
    await messageItem('Where is my order 1234?').and(page.locator('[data-state="stored"]')).waitFor({ timeout: 30_000 });

    // The network drops the socket: no close frame, the widget notices and reconnects with backoff.
    for (const socket of upgraded.splice(0)) socket.destroy();
    await page.waitForSelector('#tributary-chat:not([data-connection="open"])', { timeout: 30_000 });
    await page.fill('#tributary-chat textarea', 'Hello? Anyone there?');
    await page.press('#tributary-chat textarea', 'Enter');
    await messageItem('Hello? Anyone there?').and(page.locator('[data-state="stored"]')).waitFor({ timeout: 30_000 });

    // The same browser comes back: the same visitor, its whole conversation replayed from the database.
    await page.reload();
    await page.click('#tributary-chat .tc-launcher');
    await page.waitForSelector('#tributary-chat[data-connection="open"]', { timeout: 30_000 });
    await messageItem('Hello? Anyone there?').and(page.locator('[data-seq="2"]')).waitFor({ timeout: 30_000 });
    expect(await page.locator('#tributary-chat li').allTextContents()).toEqual(['Where is my order 1234?', 'Hello? Anyone there?']);

    const ticketsNow = await router.untilMessages<TicketDetail>(2);
    await waitFor('both messages on the inbound topic', () => inbound.length >= 2, 30_000, 100);
    expect(texts()).toEqual(['Where is my order 1234?', 'Hello? Anyone there?']);
    expect(ticketsNow.flatMap((ticket) => ticket.messages.map((message) => [message.channel, message.text]))).toEqual([
      ['chat', 'Where is my order 1234?'],
      ['chat', 'Hello? Anyone there?'],
    ]);
    const [first] = inbound;
    expect(first?.value['sender']).toMatchObject({ identities: [{ kind: 'chat-user', verified: false }] });
  });

  it("shows the agent's reply live and reports it delivered, then read, on the ticket", async () => {
    const [ticket] = await tickets();
    const reply = await router.api<{ outboundId: string }>('POST', `/v1/tickets/${ticket?.ticketId ?? ''}/replies`, { text: 'It ships tomorrow.', authorId: 'agent-1' });
    expect(reply.status).toBe(202);
    await messageItem('It ships tomorrow.').and(page.locator('[data-author="agent"]')).waitFor({ timeout: 30_000 });

    const states = (): unknown[] => deliveries.filter((record) => record.value['outboundId'] === reply.json.outboundId).map((record) => record.value['state']);
    await waitFor('sent, delivered and read on the delivery topic', () => ['sent', 'delivered', 'read'].every((state) => states().includes(state)), 30_000, 100);
    await waitFor(
      'the reply read on the ticket',
      async () => (await tickets())[0]?.replies.some((entry) => entry.outboundId === reply.json.outboundId && entry.delivery.state === 'read') === true,
      30_000,
      200,
    );
    // Nothing else reached the ticket or the topic in the meantime.
    expect(texts()).toHaveLength(2);
  });

  it('tells the page when its signed token is refused, and connects once the page hands over a fresh one', async () => {
    const expired = await tenantToken({ sub: 'user-expired' }, undefined, Math.floor(Date.now() / 1000) - 3_600);
    const other = await browser.newPage();
    try {
      // Listening before the page's scripts run: the refusal may come before anything else could listen.
      await other.addInitScript("document.addEventListener('tributary-chat:token-refused', function (event) { window.refusedBecause = event.detail.reason; });");
      await other.goto(`${chat.baseUrl}/demo?tenant=${tenantId}&token=${encodeURIComponent(expired)}`);
      await other.waitForSelector('#tributary-chat[data-connection="refused"]', { timeout: 30_000 });
      expect(await other.evaluate('window.refusedBecause')).toBe('expired: token expired');
      const fresh = await tenantToken({ sub: 'user-expired' });
      await other.evaluate(`window.TributaryChat.setToken(${JSON.stringify(fresh)})`);
      await other.waitForSelector('#tributary-chat[data-connection="open"]', { timeout: 30_000 });
    } finally {
      await other.close();
    }
  });

  it("asks for an email first where the tenant has the offline form, and sends it with the message as an unverified extra", async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${chat.baseUrl}/demo?tenant=${offlineTenantId}`);
      await other.click('#tributary-chat .tc-launcher');
      await other.waitForSelector('#tributary-chat[data-connection="open"]', { timeout: 30_000 });
      await other.fill('#tributary-chat textarea', 'Is anyone there tonight?');
      await other.press('#tributary-chat textarea', 'Enter');
      await other.waitForSelector('#tributary-chat .tc-email:not([hidden])', { timeout: 30_000 });
      expect(await other.locator('#tributary-chat li').count()).toBe(0);
      await other.fill('#tributary-chat .tc-email', 'Night.Owl@Example.org');
      await other.press('#tributary-chat textarea', 'Enter');
      await other.locator('#tributary-chat li[data-state="stored"]', { hasText: 'Is anyone there tonight?' }).waitFor({ timeout: 30_000 });
    } finally {
      await other.close();
    }
    await waitFor('the message on the inbound topic', () => offlineInbound.length === 1, 30_000, 100);
    expect(offlineInbound[0]?.value['extras']).toMatchObject({ contactEmail: 'night.owl@example.org' });
    expect(offlineInbound[0]?.value['sender']).toMatchObject({ identities: [{ kind: 'chat-user', verified: false }] });
  });

  it('puts a visitor signed with a verified email into the open ticket of the contact who emailed from it', async () => {
    const email = `jane-${randomUUID().slice(0, 8)}@example.org`;
    const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'chat-journey-email', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
    const publisher = new ContractPublisher(kafka);
    try {
      // An email as email-ingest hands it off, from the address the tenant later signs into the chat.
      const messageId = `${randomUUID()}@mail.example.org`;
      const mail = {
        ...INBOUND_FIXTURES.email,
        messageId: randomUUID(),
        tenantId,
        providerMessageId: messageId,
        dedupeKey: `email:${messageId}`,
        sender: { identities: [{ kind: 'email' as const, value: email }], displayName: 'Jane Doe' },
        thread: { messageId, references: [] },
        subject: 'Parcel never arrived',
        text: 'My parcel 5678 never arrived.',
        attachments: [],
      };
      await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key: `${tenantId}:email:${email}`, value: mail }]);
      await router.untilMessages<TicketDetail>(3);
    } finally {
      await publisher.close();
    }

    const visitor = ChatTestClient.connect(chat.baseUrl, tenantId, { origin: chat.baseUrl });
    try {
      await visitor.opened;
      visitor.send({ type: 'hello', token: await tenantToken({ sub: `user-${randomUUID().slice(0, 8)}`, email }) });
      await waitFor('welcome', () => visitor.of('welcome').length === 1, 30_000, 20);
      visitor.send({ type: 'msg', clientMessageId: 'verified-0001', text: 'Did you get my email about 5678?' });
      await waitFor('the ack', () => visitor.of('ack').length === 1, 30_000, 20);
    } finally {
      visitor.socket.terminate();
    }
    const all = await router.untilMessages<TicketDetail>(4);
    const emailTicket = all.find((ticket) => ticket.messages.some((message) => message.text === 'My parcel 5678 never arrived.'));
    expect(emailTicket?.messages.map((message) => [message.channel, message.text])).toEqual([
      ['email', 'My parcel 5678 never arrived.'],
      ['chat', 'Did you get my email about 5678?'],
    ]);
  });

  it('keeps a message its server could not store while the database refused connections, and sends it again on the same socket until it is stored once', async () => {
    const text = 'Are you open on Sunday?';
    const other = await browser.newPage();
    const sockets: string[] = [];
    const refusals: unknown[] = [];
    other.on('websocket', (socket) => {
      sockets.push(socket.url());
      socket.on('framereceived', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { type?: string; code?: string; retryAfterMs?: number };
        if (frame.type === 'error' && frame.code === 'unavailable') refusals.push(frame.retryAfterMs);
      });
    });
    try {
      await other.goto(`${chat.baseUrl}/demo?tenant=${outageTenantId}`);
      await other.click('#tributary-chat .tc-launcher');
      await other.waitForSelector('#tributary-chat[data-connection="open"]', { timeout: 30_000 });
      const outage = await refuseDatabaseConnections(database.url);
      try {
        await other.fill('#tributary-chat textarea', text);
        await other.press('#tributary-chat textarea', 'Enter');
        await waitFor('the server to refuse the message for now', () => refusals.length >= 1, 30_000, 50);
        expect(outageInbound).toHaveLength(0);
      } finally {
        await outage.end();
      }
      await other.locator('#tributary-chat li[data-state="stored"]', { hasText: text }).waitFor({ timeout: 30_000 });
    } finally {
      await other.close();
    }
    await waitFor('the message on the inbound topic', () => outageInbound.length >= 1, 30_000, 100);
    // Give a second copy time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(outageInbound.map((record) => record.value['text'])).toEqual([text]);
    expect(refusals[0]).toBeGreaterThanOrEqual(2_000);
    // Sent again by the widget's own retry, not by a reconnect's resend of the outbox.
    expect(sockets).toHaveLength(1);
  });
});

/**
 * A real database outage for one database: new connections are refused and the open ones (the
 * app's pool) are ended by the server, while this suite's own connections stay. `end` lets
 * connections in again.
 */
async function refuseDatabaseConnections(url: string): Promise<{ end(): Promise<void> }> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: process.env['DATABASE_URL'] });
  await admin.connect();
  const end = async (): Promise<void> => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin.end();
  };
  try {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name NOT LIKE '%-test'`, [name]);
  } catch (error) {
    await end();
    throw error;
  }
  return { end };
}
