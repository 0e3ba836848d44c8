import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOCIAL_INGEST_MIGRATIONS } from '@tributary/channel-social';
import { postTelegramUpdate, TelegramBotApiEmulator, type TelegramCustomer } from '@tributary/channel-social/testing';
import { bootApp, type BootedApp, createTestDatabase, ForwardingProxy, type RouterUnderTest, startRouterForTenant, type TestDatabase, waitFor, APP_CONSUMER_GROUPS, ownConsumerGroups } from '@tributary/platform-testing';
import { socialIngestApp } from '../src/social-ingest.app';

const BOT_ID = String(7_000_000_000 + Math.floor(Math.random() * 1e9));
const TOKEN = `${BOT_ID}:${randomUUID().replaceAll('-', '')}`;
const SECRET = `${BOT_ID}_${randomUUID().replaceAll('-', '')}`;
const BOT = 'acme_journey_bot';

interface TicketDetail {
  ticketId: string;
  contact: { identities: { kind: string; value: string; unreachable: { since: string; reason: string } | null }[] };
  messages: { channel: string; text: string; direction: string }[];
  replies: { outboundId: string; delivery: { state: string | null; error: { code: string; message: string } | null } }[];
}

/**
 * Telegram end to end: the Bot API emulation calls social-ingest's webhook (registered by the app at
 * boot with its secret token), over Kafka into the real router, and the agent's reply goes back to
 * the emulation as a reply to the customer's message; a blocked bot fails the reply visibly.
 */
describe('Telegram: updates to tickets, replies threaded, a blocked bot visible', () => {
  const tenantId = `tg-${randomUUID().slice(0, 8)}`;
  const customer: TelegramCustomer = { id: 900_000_000 + Math.floor(Math.random() * 1e8), firstName: 'Jane' };
  const telegram = new TelegramBotApiEmulator({ bots: [{ token: TOKEN, username: BOT }] });
  // Telegram calls the public URL the app registered; the proxy stands in for the load balancer.
  const proxy = new ForwardingProxy();
  let directory: string;
  let socialDb: TestDatabase;
  let router: RouterUnderTest;
  let social: BootedApp;

  const api = <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> => router.api<T>(method, path, body);

  const tickets = (): Promise<TicketDetail[]> => router.tickets<TicketDetail>();

  const untilMessages = (count: number): Promise<TicketDetail[]> => router.untilMessages<TicketDetail>(count);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'telegram-journey-'));
    socialDb = await createTestDatabase('telegram_social', { migrations: SOCIAL_INGEST_MIGRATIONS });
    await telegram.start();
    const publicBaseUrl = await proxy.start();
    router = await startRouterForTenant(tenantId, 'telegram_router');
    social = await bootApp(socialIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: socialDb.url,
      BLOB_STORE_DIR: join(directory, 'blobs'),
      TELEGRAM_BOTS: JSON.stringify({ [BOT]: { tenantId, botId: BOT_ID } }),
      TELEGRAM_BOT_TOKENS: TOKEN,
      TELEGRAM_WEBHOOK_SECRET_TOKENS: SECRET,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_BASE_URL: publicBaseUrl,
      // The reply loop's own group, from the topic's end: no other suite's (or run's) replies are sent here.
      ...(await ownConsumerGroups('telegram-journey', APP_CONSUMER_GROUPS['social-ingest'])).env,
    });
    proxy.forwardTo(social.baseUrl);
    // The app registers its webhook at boot, with its secret token.
    await waitFor('the webhook registered with the Bot API', () => telegram.bot(BOT).webhook !== undefined, 30_000, 100);
  }, 180_000);

  afterAll(async () => {
    await social?.close();
    await router?.stop();
    await telegram.stop();
    await proxy.stop();
    await socialDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('makes a ticket of an update; the same update delivered again adds nothing; a wrong secret is refused and adds nothing', async () => {
    const update = telegram.customers.sends(BOT, customer, { text: 'My parcel has not arrived.' });
    await telegram.webhooksSettled();
    const url = telegram.bot(BOT).webhook?.url ?? '';
    expect(await postTelegramUpdate(url, update, SECRET)).toBe(200);
    expect(await postTelegramUpdate(url, { ...update, update_id: update.update_id + 1000 }, `${BOT_ID}_${'x'.repeat(32)}`)).toBe(403);
    const all = await untilMessages(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await tickets()).flatMap((ticket) => ticket.messages.map((message) => [message.channel, message.text]))).toEqual([['telegram', 'My parcel has not arrived.']]);
    expect(all).toHaveLength(1);
  });

  it("sends the agent's reply as a reply to the customer's message", async () => {
    const [ticket] = await tickets();
    const reply = await api<{ outboundId: string }>('POST', `/v1/tickets/${ticket?.ticketId ?? ''}/replies`, { text: 'It is on its way.', authorId: 'agent-1' });
    expect(reply.status).toBe(202);
    await waitFor('the reply at the Bot API', () => telegram.sent.some((sent) => sent.text === 'It is on its way.'), 30_000, 100);
    const asked = telegram.sent.find((sent) => sent.text === 'It is on its way.');
    expect(asked).toMatchObject({ bot: BOT, chatId: customer.id, replyToMessageId: 1 });
    await waitFor('the reply sent on the ticket', async () => (await tickets())[0]?.replies.some((entry) => entry.outboundId === reply.json.outboundId && entry.delivery.state === 'sent') === true, 30_000, 200);
  });

  const telegramIdentity = async (): Promise<TicketDetail['contact']['identities'][number] | undefined> =>
    (await tickets())[0]?.contact.identities.find((identity) => identity.kind === 'telegram' && identity.value === String(customer.id));

  it('fails a reply to a customer who blocked the bot, visibly on the ticket, and marks them unreachable on Telegram until they write again', async () => {
    expect(await telegramIdentity()).toMatchObject({ unreachable: null });
    telegram.blockBy(BOT, customer.id);
    const [ticket] = await tickets();
    const reply = await api<{ outboundId: string }>('POST', `/v1/tickets/${ticket?.ticketId ?? ''}/replies`, { text: 'Are you still there?', authorId: 'agent-1' });
    await waitFor('the failure on the ticket', async () => (await tickets())[0]?.replies.some((entry) => entry.outboundId === reply.json.outboundId && entry.delivery.state === 'failed') === true, 30_000, 200);
    const failed = (await tickets())[0]?.replies.find((entry) => entry.outboundId === reply.json.outboundId);
    expect(failed?.delivery.error).toMatchObject({ code: 'TELEGRAM_BOT_BLOCKED', recipientUnreachable: true });
    expect(await telegramIdentity()).toMatchObject({ unreachable: { since: expect.any(String) as unknown, reason: expect.stringContaining('TELEGRAM_BOT_BLOCKED') as unknown } });

    // Unblocking is invisible to a bot; the customer's next message is what shows the way is open again.
    telegram.blockBy(BOT, customer.id, false);
    telegram.customers.sends(BOT, customer, { text: 'Sorry, I had blocked you by mistake.' });
    await untilMessages(2);
    expect(await telegramIdentity()).toMatchObject({ unreachable: null });
  });
});
