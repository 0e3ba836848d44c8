import { createHmac, randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { APP_CONSUMER_GROUPS, launchHeadlessChromium, ownConsumerGroups, runAppCommand, waitFor, type OwnConsumerGroups } from '@tributary/platform-testing';
import { Client } from 'pg';
import WebSocket from 'ws';
import { appStatuses, startApps, stopApps, waitForApps } from '../gateway/app-processes';
import { readGatewayState, gatewayStateFile } from '../gateway/gateway-state.store';
import { LOCAL_META_APP_SECRET, LOCAL_META_PAGE_ID, LOCAL_PHONE_NUMBER, LOCAL_TELEGRAM_BOT, LOCAL_TELEGRAM_SECRET, LOCAL_WHATSAPP_APP_SECRET, LOCAL_WHATSAPP_NUMBER_ID } from '../gateway/local-channel-config';
import { localApiKeys } from '../gateway/local-api-keys';
import { stackPaths } from '../src/stack-paths.util';

/**
 * What `./tributary start` promises, on the real servers: all five apps start as their own
 * processes and every /health/ready answers 200; starting again reuses them; stopping ends them.
 */
describe('local gateway', () => {
  const stackName = process.env['TRIBUTARY_STACK_NAME'] ?? 'test';
  const stackEnv: Record<string, string> = Object.fromEntries(
    ['KAFKA_BROKERS', 'DATABASE_URL', 'MAIL_HOST', 'MAIL_SMTP_PORT', 'MAIL_IMAP_PORT'].flatMap((name) => {
      const value = process.env[name];
      return value ? [[name, value]] : [];
    }),
  );
  let groups: OwnConsumerGroups;

  // Every app's consumer groups are the suite's own, from where the topics end now: the apps take
  // none of the records other suites left on the shared broker (the router would store them, the
  // channel apps would send their replies), which would also keep them busy past this suite's waits.
  beforeAll(async () => {
    groups = await ownConsumerGroups('gateway', Object.values(APP_CONSUMER_GROUPS).flat());
    Object.assign(stackEnv, groups.env);
  }, 60_000);

  afterAll(() => stopApps(stackName), 60_000);

  it('starts the five apps and every one turns ready', async () => {
    await startApps(stackName, stackEnv);
    const statuses = await waitForApps(stackName, 120_000, () => undefined);
    expect(statuses.map((status) => [status.name, status.kind, status.ready])).toEqual([
      ['router', 'app', true],
      ['email-ingest', 'app', true],
      ['voice-ingest', 'app', true],
      ['chat-ingest', 'app', true],
      ['social-ingest', 'app', true],
      ['twilio-emulator', 'emulator', true],
      ['graph-emulator', 'emulator', true],
      ['telegram-emulator', 'emulator', true],
      ['meta-emulator', 'emulator', true],
    ]);
    for (const status of statuses.filter((entry) => entry.kind === 'app')) {
      const metrics = await fetch(`${status.url}/metrics`).then((response) => response.text());
      expect(metrics).toContain(`process_resident_memory_bytes{app="${status.name}"}`);
    }
    await groups.verify();
  }, 180_000);

  it('answers the local phone line, support mailbox, WhatsApp number, Telegram bot and Facebook page: each becomes a message in the router', async () => {
    const voice = (await appStatuses(stackName)).find((status) => status.name === 'voice-ingest');
    const messageSid = `SM${randomBytes(16).toString('hex')}`;
    const params: Record<string, string> = { MessageSid: messageSid, SmsSid: messageSid, AccountSid: `AC${'0'.repeat(32)}`, From: '+4915112340000', To: LOCAL_PHONE_NUMBER, Body: 'Hello from the local phone line', NumMedia: '0' };
    const url = `${voice?.url}/twilio/sms`;
    // Signed as Twilio signs: HMAC-SHA1 over the URL and the sorted parameters, with the local auth token.
    const signature = createHmac('sha1', 'local-twilio-auth-token').update(url + Object.keys(params).sort().map((key) => key + params[key]).join('')).digest('base64');
    const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params) });
    expect(answer.status).toBe(200);

    const social = (await appStatuses(stackName)).find((status) => status.name === 'social-ingest');
    const wamid = `wamid.${randomBytes(24).toString('base64')}`;
    const webhook = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '498912345679', phone_number_id: LOCAL_WHATSAPP_NUMBER_ID },
        contacts: [{ profile: { name: 'Local Customer' }, wa_id: '4915112340001' }],
        messages: [{ from: '4915112340001', id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hello from local WhatsApp' } }],
      } }] }],
    });
    // Signed as Meta signs: HMAC-SHA256 of the raw body with the app secret.
    const hubSignature = `sha256=${createHmac('sha256', LOCAL_WHATSAPP_APP_SECRET).update(webhook).digest('hex')}`;
    const whatsapp = await fetch(`${social?.url}/whatsapp-cloud/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature }, body: webhook });
    expect(whatsapp.status).toBe(200);

    // Telegram calls the bot's webhook with its secret token.
    const telegramText = `Hello from local Telegram ${randomBytes(4).toString('hex')}`;
    // A message id of this run's own: the stack's database keeps earlier runs' messages, and the
    // router stores a repeated chat and message id once (its dedupe key), the new text never.
    const update = { update_id: Math.floor(Math.random() * 1e9), message: { message_id: Math.floor(Math.random() * 1e9), from: { id: 424242, is_bot: false, first_name: 'Local' }, chat: { id: 424242, type: 'private', first_name: 'Local' }, date: Math.floor(Date.now() / 1000), text: telegramText } };
    const telegram = await fetch(`${social?.url}/telegram/webhook/${LOCAL_TELEGRAM_BOT}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': LOCAL_TELEGRAM_SECRET }, body: JSON.stringify(update) });
    expect(telegram.status).toBe(200);

    // Messenger: a Meta-signed page webhook.
    const messengerText = `Hello from local Messenger ${randomBytes(4).toString('hex')}`;
    const page = JSON.stringify({ object: 'page', entry: [{ id: LOCAL_META_PAGE_ID, time: Date.now(), messaging: [{ sender: { id: '4242424242' }, recipient: { id: LOCAL_META_PAGE_ID }, timestamp: Date.now(), message: { mid: `m_${randomBytes(12).toString('hex')}`, text: messengerText } }] }] });
    const messenger = await fetch(`${social?.url}/meta/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', LOCAL_META_APP_SECRET).update(page).digest('hex')}` }, body: page });
    expect(messenger.status).toBe(200);

    const subject = `Local mailbox ${randomBytes(4).toString('hex')}`;
    await sendMail(process.env['MAIL_HOST'] ?? '127.0.0.1', Number(process.env['MAIL_SMTP_PORT']), 'customer@customer.example', 'support@acme.example', subject);

    const db = new Client({ connectionString: process.env['DATABASE_URL'] });
    await db.connect();
    try {
      const deadline = Date.now() + 60_000;
      let found: string[] = [];
      while (found.length < 5 && Date.now() < deadline) {
        const rows = await db.query<{ channel: string }>(
          "SELECT channel FROM messages WHERE provider_message_id = $1 OR provider_message_id = $2 OR payload->>'subject' = $3 OR payload->>'text' IN ($4, $5) ORDER BY channel",
          [messageSid, wamid, subject, telegramText, messengerText],
        );
        found = rows.rows.map((row) => row.channel);
        if (found.length < 5) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(found).toEqual(['email', 'messenger', 'sms', 'telegram', 'whatsapp']);
    } finally {
      await db.end();
    }
  }, 90_000);

  it("opens the queue API with the local tenant's key it made, and the reply reaches the Twilio emulation, which lists it", async () => {
    const statuses = await appStatuses(stackName);
    const url = (name: string): string => statuses.find((status) => status.name === name)?.url ?? '';
    const key = localApiKeys(stackPaths(stackName).root)['acme'] ?? '';
    expect(key).toMatch(/^trb_acme_/);
    const api = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${url('router')}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect((await fetch(`${url('router')}/v1/tickets`)).status).toBe(401);
    // The local operator's key opens the dead-letter routes, which a tenant's key does not.
    const operatorKey = localApiKeys(stackPaths(stackName).root)['operator'] ?? '';
    expect((await fetch(`${url('router')}/v1/operator/dead-letters`, { headers: { authorization: `Bearer ${operatorKey}` } })).status).toBe(200);
    expect((await api('GET', '/v1/operator/dead-letters')).status).toBe(403);
    const page = (await (await api('GET', '/v1/tickets?channel=sms&limit=200')).json()) as { tickets: { ticketId: string }[] };
    const details = await Promise.all(page.tickets.map(async (ticket) => (await (await api('GET', `/v1/tickets/${ticket.ticketId}`)).json()) as { ticketId: string; messages: { text: string }[] }));
    const sms = details.find((ticket) => ticket.messages.some((message) => message.text === 'Hello from the local phone line'));
    expect(sms).toBeDefined();
    const text = `Local reply ${randomBytes(4).toString('hex')}`;
    expect((await api('POST', `/v1/tickets/${sms?.ticketId ?? ''}/replies`, { text, authorId: 'agent-1' })).status).toBe(202);
    await waitFor('the reply at the Twilio emulation', async () => {
      const received = (await (await fetch(`${url('twilio-emulator')}/emulator/received`)).json()) as { messages: { body?: string; to: string }[] };
      return received.messages.some((message) => message.body === text && message.to === '+4915112340000');
    }, 60_000, 500);
  }, 90_000);

  it("serves the chat demo page, whose widget's socket welcomes a visitor from that page's origin", async () => {
    const chat = (await appStatuses(stackName)).find((status) => status.name === 'chat-ingest');
    const demo = await fetch(`${chat?.url}/demo`);
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain('<script src="/widget.js" data-tenant="acme">');
    const socket = new WebSocket(`${(chat?.url ?? '').replace(/^http/, 'ws')}/chat/socket?tenant=acme`, { headers: { origin: chat?.url ?? '' } });
    try {
      const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
        socket.once('open', () => socket.send(JSON.stringify({ type: 'hello' })));
        socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
        socket.once('close', (code: number) => reject(new Error(`closed with ${code}`)));
        socket.once('error', reject);
      });
      expect(welcome).toMatchObject({ type: 'welcome', verified: false, visitorToken: expect.any(String) as unknown });
    } finally {
      socket.terminate();
    }
  });

  it("takes a newcomer from ./tributary demo to a reply delivered through the console: Jane's mail and SMS merged, answered by SMS, delivered", async () => {
    // As a newcomer runs it (./tributary demo); it fails the test by throwing when it exits non-zero.
    const demo = runAppCommand('tools/demo/customer-demo.cli.ts', ['--name', stackName], {});
    const [, emailToken, smsToken] = /Two tickets: (T-\w+) \(Jane's mail\) and (T-\w+) \(her SMS\)/.exec(demo) ?? [];
    const [, consoleUrl, key] = /open (\S+\/console) and paste the key (\S+)/.exec(demo) ?? [];
    const [, janeContact] = /contact into Jane's: (\S+)/.exec(demo) ?? [];
    const [, janePhone] = /sent an SMS from (\+\d+)/.exec(demo) ?? [];
    expect([emailToken, smsToken, consoleUrl, key, janeContact, janePhone].every(Boolean)).toBe(true);

    const browser = await launchHeadlessChromium();
    try {
      const page = await browser.newPage();
      await page.goto(consoleUrl ?? '');
      await page.fill('#key-input', key ?? '');
      await page.click('#key-form button[type="submit"]');
      // As a person finds a ticket in a long queue: by its token in the search box.
      await page.fill('#filter-search', smsToken ?? '');
      await page.locator('.ticket-item', { hasText: smsToken ?? '' }).click({ timeout: UI_TIMEOUT_MS });
      await page.click('details.merges summary');
      await page.fill('#contact-merge-into', janeContact ?? '');
      await page.click('#contact-merge-form button[type="submit"]');
      await page.locator('#merge-outcome').filter({ hasText: 'Done.' }).waitFor({ timeout: UI_TIMEOUT_MS });

      // The merge closed the newer of the two tickets into the older (which depends on which channel
      // arrived first), and the console opened the one they share: the mail and the SMS side by side.
      await page.locator('#lanes .message[data-channel="sms"]:not(.reply)').waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator('#lanes .message[data-channel="email"]:not(.reply)').waitFor({ timeout: UI_TIMEOUT_MS });
      const text = `Hi Jane, your parcel is on its way ${randomBytes(3).toString('hex')}`;
      await page.fill('#reply-text', text);
      // By SMS: "the customer's latest channel" is whichever of the two reached the router last.
      await page.selectOption('#reply-channel', 'sms');
      await page.click('#reply-send');
      await page.locator('#reply-outcome').filter({ hasText: 'Queued on sms.' }).waitFor({ timeout: UI_TIMEOUT_MS });
      // Through voice-ingest and the local Twilio emulation, whose status callbacks come back as DeliveryStatus v1.
      await page.locator('#lanes .reply', { hasText: text }).locator('.delivery-state[data-state="delivered"]').waitFor({ timeout: 60_000 });
      const twilio = (await appStatuses(stackName)).find((status) => status.name === 'twilio-emulator');
      const received = (await (await fetch(`${twilio?.url}/emulator/received`)).json()) as { messages: { body?: string; to: string }[] };
      expect(received.messages.filter((message) => message.body === text).map((message) => message.to)).toEqual([janePhone]);
    } finally {
      await browser.close();
    }
  }, 240_000);

  it('reuses the running apps when started again', async () => {
    const before = await appStatuses(stackName);
    await startApps(stackName, stackEnv);
    const after = await appStatuses(stackName);
    expect(after.map((status) => status.pid)).toEqual(before.map((status) => status.pid));
    expect(after.every((status) => status.pid !== undefined)).toBe(true);
    expect(after.every((status) => status.ready)).toBe(true);
  }, 60_000);

  it('restarts only the app whose configuration changed when started again', async () => {
    const before = await appStatuses(stackName);
    const restarted: string[] = [];
    await startApps(stackName, { ...stackEnv, ROUTER_OUTBOX_RETENTION_HOURS: '24' }, (app) => restarted.push(app));
    const after = await waitForApps(stackName, 120_000, () => undefined);
    expect(restarted).toEqual(['router']);
    const changed = after.filter((status, index) => status.pid !== before[index]?.pid).map((status) => status.name);
    expect(changed).toEqual(['router']);
    expect(after.every((status) => status.ready)).toBe(true);
  }, 180_000);

  it('stops every app cleanly', async () => {
    const running = await appStatuses(stackName);
    await stopApps(stackName);
    for (const status of running) {
      await expect(fetch(`${status.url}/health/live`)).rejects.toThrow();
    }
    expect(readGatewayState(gatewayStateFile(stackPaths(stackName).root))).toEqual({});
  }, 60_000);
});

/** How long the console may take to show what the API already has: it polls every second or two. */
const UI_TIMEOUT_MS = 30_000;

/** The smallest SMTP client: the customer's mail server handing a message to the support mailbox. */
function sendMail(host: string, port: number, from: string, to: string, subject: string): Promise<void> {
  const lines = [`EHLO customer.example`, `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA',
    `From: <${from}>\r\nTo: <${to}>\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(8).toString('hex')}@customer.example>\r\n\r\nHello from the local mailbox.\r\n.`, 'QUIT'];
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    let step = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      if (/^[45]\d\d /m.test(chunk)) return reject(new Error(`SMTP refused: ${chunk.trim()}`));
      // One command per server reply (the greeting, then each answer), until QUIT.
      if (!/^\d{3} /m.test(chunk)) return;
      const line = lines[step++];
      if (line === undefined) return socket.end();
      socket.write(`${line}\r\n`);
    });
    socket.on('error', reject);
    socket.on('close', () => (step >= lines.length ? resolve() : reject(new Error('SMTP connection closed early'))));
  });
}
