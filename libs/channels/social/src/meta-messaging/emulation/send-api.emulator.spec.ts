import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubSignature } from '../../meta-graph/hub-signature.util';
import { SendApiEmulator } from './send-api.emulator';

const SECRET = 'meta-app-secret-0123456789abcdef';
const PAGE = { id: '104512345678901', channel: 'messenger' as const, token: `EAAG${'p'.repeat(40)}`, humanAgentTag: true };
const PLAIN_PAGE = { id: '104512345678902', channel: 'messenger' as const, token: `EAAG${'q'.repeat(40)}` };
const INSTAGRAM = { id: '17841400000000001', channel: 'instagram' as const, token: `EAAG${'i'.repeat(40)}` };
const PSID = '6512345678901234';
const IGSID = '7712345678901234';
const HOUR = 60 * 60 * 1000;

interface Received {
  readonly json: { readonly object: string; readonly entry: readonly { readonly id: string; readonly messaging: readonly Record<string, unknown>[] }[] };
  readonly signed: boolean;
  readonly raw: string;
}

/** The app's side: webhooks as received, and whether the signature verifies over the raw bytes. */
class Receiver {
  readonly received: Received[] = [];
  url = '';
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      this.received.push({ json: JSON.parse(raw.toString('utf8')) as Received['json'], signed: request.headers['x-hub-signature-256'] === hubSignature(SECRET, raw), raw: raw.toString('utf8') });
      response.writeHead(200).end();
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/meta/webhook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('SendApiEmulator', () => {
  let clock = new Date('2026-12-07T10:00:00Z');
  const emulator = new SendApiEmulator({ accounts: [PAGE, PLAIN_PAGE, INSTAGRAM], appSecret: SECRET, now: () => clock });
  const receiver = new Receiver();
  let base = '';

  beforeAll(async () => {
    base = await emulator.start();
    await receiver.start();
    emulator.setWebhookUrl(receiver.url);
  });
  afterAll(async () => {
    await emulator.stop();
    await receiver.stop();
  });
  beforeEach(async () => {
    await emulator.webhooksSettled();
    receiver.received.length = 0;
    clock = new Date(clock.getTime() + 30 * 24 * HOUR);
    emulator.setEchoTiming('after-answer');
  });

  async function send(body: unknown, options: { token?: string; path?: string } = {}): Promise<{ status: number; json: { error?: { code: number; error_subcode?: number }; message_id?: string; recipient_id?: string } }> {
    const response = await fetch(`${base}${options.path ?? '/v23.0/me/messages'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? PAGE.token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as { error?: { code: number; error_subcode?: number }; message_id?: string } };
  }
  const text = (recipient: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ recipient: { id: recipient }, messaging_type: 'RESPONSE', message: { text: 'Hello' }, ...extra });

  it('answers a send inside the window with the recipient and a message id, then posts a signed echo carrying the metadata', async () => {
    emulator.customerWrote(PAGE.id, PSID, new Date(clock.getTime() - HOUR));
    const answer = await send(text(PSID, { message: { text: 'Grüße / ✓', metadata: 'tributary1:abc' } }));
    expect(answer.status).toBe(200);
    expect(answer.json.recipient_id).toBe(PSID);
    expect(answer.json.message_id).toMatch(/^m_/);
    await emulator.webhooksSettled();
    const [echo] = receiver.received;
    expect(echo?.signed).toBe(true);
    // Meta's escaping: non-ASCII as \uXXXX and "/" as "\/", which a re-serialising receiver would break.
    expect(echo?.raw).toContain('Gr\\u00fc\\u00dfe \\/ \\u2713');
    expect(echo?.json.entry[0]?.messaging[0]).toMatchObject({ sender: { id: PAGE.id }, recipient: { id: PSID }, message: { mid: answer.json.message_id, is_echo: true, metadata: 'tributary1:abc' } });
  });

  it('posts the echo before answering when told to, reproducing the race', async () => {
    emulator.customerWrote(PAGE.id, PSID, clock);
    emulator.setEchoTiming('before-answer');
    const answer = await send(text(PSID));
    // Delivered already when the answer arrives.
    expect(receiver.received.map((webhook) => (webhook.json.entry[0]?.messaging[0]?.['message'] as { mid?: string } | undefined)?.mid)).toEqual([answer.json.message_id]);
  });

  it('refuses a wrong or missing token with 190, an unknown customer with 100/2018001 and a blocked one with 551/1545041', async () => {
    expect((await send(text(PSID), { token: 'EAAGnot-a-token' })).json.error?.code).toBe(190);
    expect((await send(text(PSID), { token: PLAIN_PAGE.token, path: `/v23.0/${PAGE.id}/messages` })).json.error?.code).toBe(190);
    expect((await send(text('6599999999999999'))).json.error).toMatchObject({ code: 100, error_subcode: 2018001 });
    const blocker = '6512345678909999';
    emulator.customerWrote(PAGE.id, blocker, clock);
    emulator.customerBlocked(PAGE.id, blocker);
    expect((await send(text(blocker))).json.error).toMatchObject({ code: 551, error_subcode: 1545041 });
  });

  it('enforces the 24-hour window (10/2018278) and HUMAN_AGENT up to 7 days on pages with the feature (10/2534022)', async () => {
    const customer = '6512345678900001';
    emulator.customerWrote(PAGE.id, customer, new Date(clock.getTime() - 25 * HOUR));
    emulator.customerWrote(PLAIN_PAGE.id, customer, new Date(clock.getTime() - 25 * HOUR));
    const tagged = text(customer, { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect((await send(text(customer))).json.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect((await send(tagged)).status).toBe(200);
    expect((await send(tagged, { token: PLAIN_PAGE.token })).json.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    clock = new Date(clock.getTime() + 7 * 24 * HOUR);
    expect((await send(tagged)).json.error).toMatchObject({ code: 10, error_subcode: 2534022 });
  });

  it('refuses malformed sends with 100: no messaging_type, an unknown tag, too long a text, too long metadata', async () => {
    emulator.customerWrote(PAGE.id, PSID, clock);
    emulator.customerWrote(INSTAGRAM.id, IGSID, clock);
    expect((await send({ recipient: { id: PSID }, message: { text: 'x' } })).json.error?.code).toBe(100);
    expect((await send(text(PSID, { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' }))).json.error?.code).toBe(100);
    expect((await send(text(PSID, { message: { text: 'x'.repeat(2001) } }))).json.error?.code).toBe(100);
    expect((await send(text(PSID, { message: { text: 'x', metadata: 'm'.repeat(1001) } }))).json.error?.code).toBe(100);
    // Instagram counts UTF-8 bytes: 400 three-byte characters are 1,200 bytes.
    expect((await send(text(IGSID, { message: { text: '€'.repeat(400) } }), { token: INSTAGRAM.token })).json.error?.code).toBe(100);
    expect((await send(text(IGSID, { message: { text: '€'.repeat(300) } }), { token: INSTAGRAM.token })).status).toBe(200);
  });

  it('fails the next send with the code asked for', async () => {
    emulator.customerWrote(PAGE.id, PSID, clock);
    emulator.failNext(613);
    emulator.failNext(2534022);
    expect((await send(text(PSID))).json.error?.code).toBe(613);
    expect((await send(text(PSID))).json.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    expect((await send(text(PSID))).status).toBe(200);
    expect(() => emulator.failNext(12345)).toThrow(/cannot fail with 12345/);
  });

  it('posts delivery and read watermarks: Messenger by time, Instagram by the last message seen', async () => {
    const FRESH_PSID = '6512345678905555';
    const FRESH_IGSID = '7712345678905555';
    emulator.customerWrote(PAGE.id, FRESH_PSID, clock);
    emulator.customerWrote(INSTAGRAM.id, FRESH_IGSID, clock);
    const messenger = await send(text(FRESH_PSID));
    const instagram = await send(text(FRESH_IGSID), { token: INSTAGRAM.token });
    await emulator.webhooksSettled();
    receiver.received.length = 0;
    await emulator.deliver(PAGE.id, FRESH_PSID, { withMids: true });
    await emulator.read(PAGE.id, FRESH_PSID);
    await emulator.read(INSTAGRAM.id, FRESH_IGSID);
    const events = receiver.received.map((webhook) => ({ object: webhook.json.object, event: webhook.json.entry[0]?.messaging[0] }));
    expect(events).toEqual([
      { object: 'page', event: { sender: { id: FRESH_PSID }, recipient: { id: PAGE.id }, delivery: { mids: [messenger.json.message_id], watermark: clock.getTime() } } },
      { object: 'page', event: { sender: { id: FRESH_PSID }, recipient: { id: PAGE.id }, timestamp: clock.getTime(), read: { watermark: clock.getTime() } } },
      { object: 'instagram', event: { sender: { id: FRESH_IGSID }, recipient: { id: INSTAGRAM.id }, timestamp: clock.getTime(), read: { mid: instagram.json.message_id } } },
    ]);
    expect(() => emulator.deliver(INSTAGRAM.id, FRESH_IGSID)).toThrow(/Messenger only/);
  });
});
