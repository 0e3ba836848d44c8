import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { hubSignature } from '../../meta-graph/hub-signature.util';
import { GraphApiEmulator } from './graph-api.emulator';

const TOKEN = 'EAAG-local-access-token-0123456789';
const SECRET = 'app-secret-0123456789abcdef';
const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
const PHONE = '4915112345678';
const BSUID = 'DE.13491208655302741918';
const HOUR = 60 * 60 * 1000;

const StatusPayload = z.object({
  entry: z.array(z.object({ changes: z.array(z.object({ value: z.object({ statuses: z.array(z.looseObject({ id: z.string(), status: z.string() })) }) })) })),
});
type ReceivedStatus = z.infer<typeof StatusPayload>['entry'][number]['changes'][number]['value']['statuses'][number] & { signed: boolean; raw: string };

/** The app's side: status webhooks as received, and whether Meta's signature verifies over the raw bytes. */
class WebhookReceiver {
  readonly received: ReceivedStatus[] = [];
  answer = 200;
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signed = request.headers['x-hub-signature-256'] === hubSignature(SECRET, raw);
      if (this.answer === 200) {
        const payload = StatusPayload.parse(JSON.parse(raw.toString('utf8')));
        for (const status of payload.entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.statuses))) this.received.push({ ...status, signed, raw: raw.toString('utf8') });
      }
      response.writeHead(this.answer).end();
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/whatsapp`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('GraphApiEmulator', () => {
  let clock = new Date('2026-12-07T10:00:00Z');
  const emulator = new GraphApiEmulator({
    accessToken: TOKEN, appSecret: SECRET, numbers: [NUMBER], now: () => clock,
    templates: [{ name: 'reengage', language: 'en_US', bodyParameters: 1 }, { name: 'hello_world', language: 'en_US' }],
  });
  const receiver = new WebhookReceiver();
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
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answer = 200;
    emulator.customerWrote(NUMBER.phoneNumberId, { waId: PHONE, userId: BSUID }, new Date(clock.getTime() - HOUR));
  });

  async function call(path: string, init: { method?: string; body?: string; token?: string | null } = {}): Promise<{ status: number; json: Record<string, unknown>; raw: string; headers: Headers }> {
    const token = init.token === undefined ? TOKEN : init.token;
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const raw = await response.text();
    return { status: response.status, json: JSON.parse(raw) as Record<string, unknown>, raw, headers: response.headers };
  }

  const send = (body: unknown, token?: string | null, phoneNumberId = NUMBER.phoneNumberId) =>
    call(`/v23.0/${phoneNumberId}/messages`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), token });
  const text = (body: string, extra: Record<string, unknown> = {}) => ({ messaging_product: 'whatsapp', to: `+${PHONE}`, type: 'text', text: { body }, ...extra });
  const template = (name: string, parameters: number, language = 'en_US') => ({
    messaging_product: 'whatsapp', to: PHONE, type: 'template',
    template: { name, language: { code: language }, components: [{ type: 'body', parameters: Array.from({ length: parameters }, (_, index) => ({ type: 'text', text: `p${index}` })) }] },
  });
  const graphError = (status: number, code: number, extra: Record<string, unknown> = {}): unknown =>
    expect.objectContaining({ status, json: { error: expect.objectContaining({ code, message: expect.any(String), type: expect.any(String), fbtrace_id: expect.any(String), ...extra }) } });

  it("refuses what Meta refuses, with Meta's code and HTTP status, and sends nothing", async () => {
    const before = emulator.sent.length;
    expect(await send(text('hi'), null)).toEqual(graphError(401, 190, { type: 'OAuthException', message: 'Invalid OAuth access token - Cannot parse access token' }));
    expect((await send(text('hi'), 'EAAG-wrong')).headers.get('www-authenticate')).toContain('OAuth "Facebook Platform"');
    expect(await send(text('hi'), TOKEN, '999')).toEqual(graphError(400, 100, {
      type: 'GraphMethodException', error_subcode: 33,
      message: "Unsupported post request. Object with ID '999' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
    }));
    expect(await send('{not json')).toEqual(graphError(400, 100));
    expect(await send({ ...text('hi'), messaging_product: undefined })).toEqual(graphError(400, 100));
    expect(await send({ ...text('hi'), messaging_product: 'sms' })).toEqual(graphError(400, 100, { message: '(#100) Param messaging_product must be one of {WHATSAPP} - got "sms".' }));
    expect(await send({ ...text('hi'), to: undefined })).toEqual(graphError(400, 100, { message: 'The parameter to is required.' }));
    expect(await send({ ...text('hi'), to: '' })).toEqual(graphError(400, 100, { message: 'The parameter to is required.' }));
    expect(await send({ ...text('hi'), to: '+49 151 no' })).toEqual(graphError(400, 131009, { error_data: { messaging_product: 'whatsapp', details: expect.any(String) as unknown } }));
    expect(await send({ ...text('hi'), recipient_type: 'group' })).toEqual(graphError(400, 100));
    expect(await send({ ...text('hi'), text: {} })).toEqual(graphError(400, 100, { message: "The parameter text['body'] is required." }));
    expect(await send({ ...text('hi'), text: { body: 'hi', preview_url: 'yes' } })).toEqual(graphError(400, 100));
    expect(await send(text('x'.repeat(4097)))).toEqual(graphError(400, 100, { error_data: { messaging_product: 'whatsapp', details: expect.stringContaining('4096') as unknown } }));
    expect(await send({ ...text('hi'), type: 'carrier_pigeon' })).toEqual(graphError(400, 100));
    expect(await send(text('hi', { biz_opaque_callback_data: 'x'.repeat(513) }))).toEqual(graphError(400, 100));
    expect(await send(text('hi', { context: { id: 'wamid.x' } }))).toEqual(graphError(400, 100));
    expect(await send(template('no_such', 0))).toEqual(graphError(404, 132001, { error_data: { messaging_product: 'whatsapp', details: 'template name (no_such) does not exist in en_US' } }));
    expect(await send(template('reengage', 1, 'de_DE'))).toEqual(graphError(404, 132001));
    expect(await send(template('reengage', 2))).toEqual(graphError(400, 132000, {
      error_data: { messaging_product: 'whatsapp', details: 'body: number of localizable_params (2) does not match the expected number of params (1)' },
    }));
    expect(await call(`/v23.0/${NUMBER.phoneNumberId}/messages`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) })).toEqual(graphError(413, 100));
    expect(await call(`/v19.0/${NUMBER.phoneNumberId}/messages`, { method: 'POST', body: JSON.stringify(text('hi')) })).toEqual(graphError(404, 2500));
    expect(await call(`/v23.0/${NUMBER.phoneNumberId}/contacts`, { method: 'POST', body: '{}' })).toEqual(graphError(404, 2500));
    expect(await call('/v23.0/424242')).toEqual(graphError(400, 100, { error_subcode: 33, message: expect.stringMatching(/^Unsupported get request\. Object with ID '424242' does not exist/) as unknown }));
    expect(emulator.sent).toHaveLength(before);
    expect(emulator.refused.slice(-3).map((refusal) => [refusal.status, refusal.code])).toEqual([[404, 2500], [404, 2500], [400, 100]]);
  });

  it('answers forced failures with 429 / 130429 and 500 / 131000, then accepts again', async () => {
    emulator.failNextSends(1, 'rate-limit');
    emulator.failNextSends(1, 'server');
    expect(await send(text('hi'))).toEqual(graphError(429, 130429, { message: '(#130429) Rate limit hit' }));
    expect(await send(text('hi'))).toEqual(graphError(500, 131000));
    expect((await send(text('hi'))).status).toBe(200);
    await emulator.statusesSettled();
  });

  it('accepts a text in the window, echoes the recipient, then posts signed sent and delivered statuses', async () => {
    const answer = await send(text('x'.repeat(4096), { biz_opaque_callback_data: 'reply-7', context: { message_id: 'wamid.q=' } }));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: `+${PHONE}`, wa_id: PHONE }], messages: [{ id: expect.stringMatching(/^wamid\./) as unknown }] });
    const id = (answer.json['messages'] as { id: string }[])[0]?.id;
    expect(emulator.sent.at(-1)).toMatchObject({ phoneNumberId: NUMBER.phoneNumberId, messageId: id, acceptedAt: clock, body: { to: `+${PHONE}`, biz_opaque_callback_data: 'reply-7' } });
    await emulator.statusesSettled();
    expect(receiver.received).toEqual([
      expect.objectContaining({ id, status: 'sent', recipient_id: PHONE, biz_opaque_callback_data: 'reply-7', pricing: expect.objectContaining({ type: 'free_customer_service' }) as unknown, signed: true }),
      expect.objectContaining({ id, status: 'delivered', recipient_id: PHONE, biz_opaque_callback_data: 'reply-7', signed: true }),
    ]);
  });

  it('sends to a BSUID in `recipient`: no wa_id in the answer, recipient_user_id in the statuses', async () => {
    const answer = await send({ messaging_product: 'whatsapp', recipient_type: 'individual', recipient: BSUID, type: 'text', text: { body: 'hola' } });
    expect(answer.json['contacts']).toEqual([{ input: BSUID, user_id: BSUID }]);
    await emulator.statusesSettled();
    expect(receiver.received.map((status) => [status.status, status['recipient_user_id'], status['recipient_id']])).toEqual([['sent', BSUID, undefined], ['delivered', BSUID, undefined]]);
  });

  it('accepts a free-form message outside the 24-hour window with 200, then fails it asynchronously with 131047', async () => {
    emulator.customerWrote(NUMBER.phoneNumberId, { waId: '4915100000001' }, new Date(clock.getTime() - 24 * HOUR - 1000));
    const answer = await send({ ...text('too late'), to: '4915100000001' });
    expect(answer.status).toBe(200);
    await emulator.statusesSettled();
    expect(receiver.received).toHaveLength(1);
    const failed = receiver.received[0];
    expect(failed).toMatchObject({ status: 'failed', recipient_id: '4915100000001', signed: true, errors: [{ code: 131047, title: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } }] });
    expect(failed?.['pricing']).toBeUndefined();
    // The customer writes again: the window reopens.
    emulator.customerWrote(NUMBER.phoneNumberId, { waId: '4915100000001' });
    await send({ ...text('now'), to: '4915100000001' });
    await emulator.statusesSettled();
    expect(receiver.received.slice(1).map((status) => status.status)).toEqual(['sent', 'delivered']);
  });

  it('accepts a template outside the window and delivers it', async () => {
    const answer = await send({ ...template('reengage', 1), to: '4915100000002' });
    expect(answer.status).toBe(200);
    await emulator.statusesSettled();
    expect(receiver.received.map((status) => status.status)).toEqual(['sent', 'delivered']);
  });

  it('delivers planned statuses in the planned order, repeats included', async () => {
    emulator.planStatuses(['read', 'sent', 'delivered']);
    emulator.planStatuses(['delivered', 'delivered', 'failed']);
    await send(text('one'));
    await send(text('two'));
    await emulator.statusesSettled();
    const statuses = (index: number) => receiver.received.filter((status) => status.id === emulator.sent.at(index)?.messageId).map((status) => status.status);
    expect(statuses(-2)).toEqual(['read', 'sent', 'delivered']);
    expect(statuses(-1)).toEqual(['delivered', 'delivered', 'failed']);
  });

  it('retries a status webhook the app does not take, then keeps it as undelivered', async () => {
    receiver.answer = 500;
    emulator.planStatuses(['sent']);
    const answer = await send(text('lost'));
    await emulator.statusesSettled();
    const id = (answer.json['messages'] as { id: string }[])[0]?.id;
    expect(emulator.undeliveredStatuses.at(-1)).toMatchObject({ messageId: id, status: 'sent', attempts: 4, httpStatus: 500 });
  });

  it('serves media in two steps with the token, and refuses the URL without it or after 5 minutes', async () => {
    const bytes = Buffer.from('fake jpeg bytes');
    emulator.addMedia('564952118844469', bytes, 'image/jpeg');
    const described = await call('/v23.0/564952118844469');
    expect(described.json).toEqual({
      url: expect.stringContaining(`${base}/lookaside/whatsapp_business/attachments/?mid=564952118844469&`) as unknown,
      mime_type: 'image/jpeg', sha256: createHash('sha256').update(bytes).digest('hex'),
      file_size: bytes.length, id: '564952118844469', messaging_product: 'whatsapp',
    });
    expect(described.raw).toContain('"mime_type":"image\\/jpeg"');
    const url = String(described.json['url']);
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await withToken.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url.replace(/hash=[^&]+/, 'hash=forged'), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(403);
    clock = new Date(clock.getTime() + 5 * 60 * 1000 + 1000);
    expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(403);
    const fresh = String((await call('/v23.0/564952118844469')).json['url']);
    expect((await fetch(fresh, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
