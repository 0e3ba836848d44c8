import { randomUUID } from 'node:crypto';
import { DeliveryStatusV1, InboundMessageV1, OutboundMessageV1, TOPICS, decodeContract, parseContract, type InboundMessageV1Input, type InboundMessageV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher } from '@tributary/platform-kafka';
import { bootApp, launchHeadlessChromium, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { hashApiKey } from '@tributary/router-queue-api';
import type { Consumer } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { routerApp } from '../src/router.app';
import { callApi, readTopic, routerGroupsFromNow, testKafka } from './router-test-client';
import { createRouterTestDatabase } from './router-test-database';

/** Waits in the page are generous: two shared cores, Kafka and Chromium on one machine. */
const UI_TIMEOUT_MS = 45_000;

interface TicketView {
  readonly ticketId: string;
  readonly contactId: string;
  readonly status: string;
  readonly messages: readonly { channel: string; rule: string; text: string }[];
}

/**
 * Issue 17, item 5, in real headless Chromium: the console served by the router, the key pasted in,
 * the ticket an email and an SMS of one customer made (after the agent merged the two contacts the
 * router could not know were one) with both messages side by side, a reply sent from the reply box
 * and its delivery state following the SMS channel's report; dead letters re-driven by an operator.
 */
describe('the operator console in a real browser', () => {
  const suffix = randomUUID().slice(0, 8);
  const tenantId = `console-${suffix}`;
  const heldTenantId = `console-held-${suffix}`;
  const tenantKey = `tenant-${randomUUID()}`;
  const operatorKey = `operator-${randomUUID()}`;
  const email = `jane.${suffix}@example.org`;
  const phone = `+49151${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const kafka = testKafka('operator-console-suite');
  const publisher = new ContractPublisher(kafka);
  const outbound: OutboundMessageV1Message[] = [];
  const readers: Consumer[] = [];
  let db: TestDatabase;
  let router: BootedApp;
  let browser: Browser;

  function inbound(channel: 'email' | 'sms', text: string, changes: Partial<InboundMessageV1Input> = {}): InboundMessageV1Message {
    const id = randomUUID();
    const common = { tenantId, messageId: id, receivedAt: new Date().toISOString(), text, traceId: randomUUID().replace(/-/g, '') };
    if (channel === 'email') {
      const messageId = `${id}@mail.example.org`;
      return parseContract(InboundMessageV1, {
        ...INBOUND_FIXTURES.email,
        ...common,
        providerMessageId: messageId,
        dedupeKey: `email:${messageId}`,
        sentAt: undefined,
        sender: { identities: [{ kind: 'email', value: email }], displayName: 'Jane Doe' },
        thread: { messageId, references: [] },
        subject: 'Parcel never arrived <img src=x onerror="window.__injected=1">',
        html: undefined,
        attachments: [],
        extras: {},
        ...changes,
      });
    }
    return parseContract(InboundMessageV1, {
      ...INBOUND_FIXTURES.sms,
      ...common,
      providerMessageId: `SM${id.replace(/-/g, '')}`,
      dedupeKey: `twilio:message:SM${id.replace(/-/g, '')}`,
      sender: { identities: [{ kind: 'phone', value: phone }] },
      ...changes,
    });
  }

  async function publish(...messages: InboundMessageV1Message[]): Promise<void> {
    await publisher.publish(
      TOPICS.inbound,
      InboundMessageV1,
      messages.map((value) => ({ key: `${value.tenantId}:${value.sender.identities[0]?.value ?? ''}`, value })),
    );
  }

  async function tickets(status = ''): Promise<TicketView[]> {
    const page = await callApi(router.baseUrl, 'GET', `/v1/tickets?limit=200${status}`, tenantKey);
    const list = page.json['tickets'] as { ticketId: string }[];
    return Promise.all(list.map(async ({ ticketId }) => (await callApi(router.baseUrl, 'GET', `/v1/tickets/${ticketId}`, tenantKey)).json as unknown as TicketView));
  }

  async function untilTicket(description: string, matches: (ticket: TicketView) => boolean): Promise<TicketView> {
    let found: TicketView | undefined;
    await waitFor(description, async () => (found = (await tickets()).find(matches)) !== undefined, 60_000, 250);
    if (!found) throw new Error(`no ${description}`);
    return found;
  }

  /** A fresh page of the console with the key pasted in; every request the page makes is recorded. */
  async function openConsole(key: string): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const response = await page.goto(`${router.baseUrl}/console`);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'self';/);
    await page.fill('#key-input', key);
    await page.click('#key-form button[type="submit"]');
    return { page, requests };
  }

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    // A cause for dead letters the suite can remove: PostgreSQL refusing every message of one tenant.
    await db.dataSource.query(`
      CREATE FUNCTION hold_console_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'tenant % is on hold', NEW.tenant_id USING ERRCODE = 'check_violation';
      END $$`);
    await db.dataSource.query(`CREATE TRIGGER hold_console_tenant BEFORE INSERT ON messages FOR EACH ROW WHEN (NEW.tenant_id = '${heldTenantId}') EXECUTE FUNCTION hold_console_tenant()`);
    const groups = await routerGroupsFromNow('operator-console');
    router = await bootApp(routerApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      ROUTER_API_KEYS: `${tenantId}=${hashApiKey(tenantKey)}`,
      ROUTER_OPERATOR_KEYS: `ops-console=${hashApiKey(operatorKey)}`,
      ...groups.env,
    });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 90_000, 250);
    readers.push(
      await readTopic(kafka, TOPICS.outbound, (_key, value) => {
        const record = value ? decodeContract(OutboundMessageV1, value) : undefined;
        if (record?.tenantId === tenantId) outbound.push(record);
      }),
    );
    browser = await launchHeadlessChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await publisher.close();
    await router?.close();
    await db?.drop();
  }, 60_000);

  it('refuses a wrong key with a clear error and shows nothing of the queue', async () => {
    const { page } = await openConsole('not-a-key');
    const error = page.locator('#error');
    await error.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    expect(await error.textContent()).toContain('The router did not accept this key (401');
    expect(await page.locator('#workspace').isHidden()).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('tributary.key'))).toBeNull();
    await page.close();
  }, 60_000);

  it('shows the email and the SMS of one customer side by side, takes a reply and follows its delivery to delivered', async () => {
    // A second apart: the ticket lists its messages by receipt time, and two created in the same
    // millisecond would come in whichever order their partitions were stored.
    const first = inbound('email', 'My parcel never arrived. Order 1234. <script>window.__injected=2</script>', { receivedAt: new Date(Date.now() - 1_000).toISOString() });
    const byText = inbound('sms', 'Did you get my email about order 1234?');
    await publish(first, byText);
    const emailTicket = await untilTicket('the email ticket', (ticket) => ticket.messages.some((message) => message.channel === 'email'));
    const smsTicket = await untilTicket('the SMS ticket', (ticket) => ticket.messages.some((message) => message.channel === 'sms'));
    // Two contacts so far: nothing tied the phone number to the email address.
    expect(smsTicket.contactId).not.toBe(emailTicket.contactId);

    const { page, requests } = await openConsole(tenantKey);
    await page.locator('#session-label').filter({ hasText: 'tenant key' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // The agent merges the SMS sender's contact into the email's, in the console.
    await page.click(`.ticket-item[data-ticket-id="${smsTicket.ticketId}"]`);
    await page.locator('#ticket-header').filter({ hasText: smsTicket.ticketId }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.click('details.merges summary');
    await page.fill('#contact-merge-into', emailTicket.contactId);
    await page.click('#contact-merge-form button[type="submit"]');
    await page.locator('#merge-outcome').filter({ hasText: 'Done.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await waitFor('the SMS ticket folded into the email ticket', async () => !(await tickets()).some((ticket) => ticket.ticketId === smsTicket.ticketId), 30_000, 250);

    // The customer writes again by SMS: now one contact, so it joins the email's open ticket.
    await publish(inbound('sms', 'Any news on order 1234? Jane'));
    // The email ticket also shows the SMS of the ticket merged into it (which stays there, so the merge can be undone).
    const joined = await untilTicket('the SMS on the email ticket', (ticket) => ticket.ticketId === emailTicket.ticketId && ticket.messages.length === 3);
    expect(joined.messages.map((message) => [message.channel, message.rule])).toEqual([
      ['email', 'new-ticket'],
      ['sms', 'new-ticket'],
      ['sms', 'open-ticket-of-contact'],
    ]);

    // Found through the queue's channel filter, then opened.
    await page.selectOption('#filter-channel', 'sms');
    const item = page.locator(`.ticket-item[data-ticket-id="${emailTicket.ticketId}"]`);
    await item.waitFor({ timeout: UI_TIMEOUT_MS });
    await item.click();
    await page.locator('#ticket-header').filter({ hasText: emailTicket.ticketId }).waitFor({ timeout: UI_TIMEOUT_MS });
    const emailCard = page.locator('#lanes .message[data-channel="email"]:not(.reply)');
    const smsCard = page.locator('#lanes .message[data-channel="sms"]:not(.reply)', { hasText: 'Any news on order 1234? Jane' });
    await Promise.all([emailCard.waitFor({ timeout: UI_TIMEOUT_MS }), smsCard.waitFor({ timeout: UI_TIMEOUT_MS })]);
    const lanes = await page.locator('#lanes .lane-title').all();
    expect(await Promise.all(lanes.map((lane) => lane.getAttribute('data-lane')))).toEqual(['email', 'sms']);
    // Side by side: the SMS lane starts right of the email lane.
    const [emailBox, smsBox] = [await emailCard.boundingBox(), await smsCard.boundingBox()];
    expect(emailBox && smsBox && smsBox.x > emailBox.x + emailBox.width - 1).toBe(true);
    expect(await emailCard.locator('.badge').textContent()).toBe('email');
    expect(await smsCard.locator('.badge').textContent()).toBe('sms');
    expect(await emailCard.locator('.rule').textContent()).toContain('placed by rule: new-ticket');
    expect(await smsCard.locator('.rule').textContent()).toContain('placed by rule: open-ticket-of-contact');
    expect(await smsCard.locator('.body').textContent()).toBe('Any news on order 1234? Jane');
    // Customer text is text: the markup in the subject and body shows as written and never runs.
    expect(await emailCard.locator('.body').textContent()).toBe('My parcel never arrived. Order 1234. <script>window.__injected=2</script>');
    expect(await page.locator('#ticket-header .subject').textContent()).toBe('Parcel never arrived <img src=x onerror="window.__injected=1">');
    expect(await page.locator('#workspace img, #workspace script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __injected?: number }).__injected)).toBeUndefined();

    // The reply goes out on the customer's latest channel (SMS).
    await page.fill('#reply-text', 'Hi Jane, your parcel left the depot this morning.');
    await page.click('#reply-send');
    await page.locator('#reply-outcome').filter({ hasText: 'Queued on sms.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await waitFor('the reply on the outbound topic', () => outbound.length === 1, 30_000, 100);
    const [reply] = outbound;
    if (!reply) throw new Error('no outbound record');
    expect(reply).toMatchObject({ ticketId: emailTicket.ticketId, channel: 'sms', text: 'Hi Jane, your parcel left the depot this morning.', author: { kind: 'agent', id: 'console' } });
    const state = page.locator(`#lanes .reply[data-outbound-id="${reply.outboundId}"] .delivery-state`);
    await state.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await state.getAttribute('data-state')).toBe('queued');

    // What voice-ingest publishes when Twilio calls back with "delivered" for that message.
    await publisher.publish(TOPICS.delivery, DeliveryStatusV1, [
      {
        key: reply.outboundId,
        value: parseContract(DeliveryStatusV1, {
          schemaVersion: 1,
          statusId: randomUUID(),
          outboundId: reply.outboundId,
          tenantId,
          ticketId: reply.ticketId,
          channel: 'sms',
          provider: 'twilio',
          providerMessageId: `SM${randomUUID().replace(/-/g, '')}`,
          state: 'delivered',
          occurredAt: new Date().toISOString(),
          traceId: reply.traceId,
        }),
      },
    ]);
    await page.locator(`#lanes .reply[data-outbound-id="${reply.outboundId}"] .delivery-state[data-state="delivered"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await state.textContent()).toBe('delivered');

    // Per-channel health from the database, and the router's lag from Kafka.
    await page.locator('#health-table tr[data-channel="sms"] td').nth(4).filter({ hasText: '2' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('#health-table tr[data-channel="email"] td').nth(4).textContent()).toBe('1');
    await page.locator('#lag-list li[data-group$="tributary-router"]').waitFor({ timeout: UI_TIMEOUT_MS });
    // Nothing but the router's own origin was asked for anything.
    expect(requests.filter((url) => !url.startsWith(`${router.baseUrl}/`))).toEqual([]);
    await page.close();
  }, 240_000);

  it("lets an operator key pick the tenant, list a dead letter with its reason and re-drive it once its cause is gone", async () => {
    const held = inbound('sms', 'Hello, is anyone there?', { tenantId: heldTenantId });
    await publish(held);
    const { page } = await openConsole(operatorKey);
    await page.locator('#session-label').filter({ hasText: 'operator key' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The operator acts for a tenant the router knows, named in X-Tributary-Tenant by the page.
    await page.locator(`#tenant-select option[value="${tenantId}"]`).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    await page.selectOption('#tenant-select', tenantId);
    await page.locator('.ticket-item').first().waitFor({ timeout: UI_TIMEOUT_MS });

    await page.fill('#dlq-reason', heldTenantId);
    const listed = page.locator('#dlq-list li[data-dead-letter-id]');
    const deadLetter = listed.filter({ hasText: `tenant ${heldTenantId} is on hold` });
    // Listed once the router has dead-lettered it; the list is read on demand, so asked again until then.
    await waitFor(
      'the dead letter listed in the console',
      async () => {
        await page.click('#dlq-filter button[type="submit"]');
        return deadLetter.first().waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        );
      },
      120_000,
      500,
    );
    // The reason filter leaves this suite's one dead letter of all those on the topic.
    await waitFor('the list narrowed by reason', async () => (await listed.count()) === 1, 30_000, 250);
    expect(await deadLetter.locator('.reason').textContent()).toBe(`tenant ${heldTenantId} is on hold`);

    await db.dataSource.query('DROP TRIGGER hold_console_tenant ON messages');
    await deadLetter.locator('button[data-redrive]').click();
    await deadLetter
      .locator('.redrive-outcome')
      .filter({ hasText: `re-driven to ${TOPICS.inbound}` })
      .waitFor({ timeout: UI_TIMEOUT_MS })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nthe dead letter reads: ${await deadLetter.textContent()}`);
      });
    await waitFor(
      'one ticket from the re-driven message',
      async () => Number((await db.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM tickets WHERE tenant_id = $1', [heldTenantId]))[0]?.n) === 1,
      60_000,
      250,
    );
    await page.close();
  }, 180_000);
});
