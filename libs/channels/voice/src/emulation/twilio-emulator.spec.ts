import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { TwilioEmulator } from './twilio-emulator';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const TOKEN = 'test-auth-token-0123456789';
const LINE = '+498912345678';
const SHORT_CODE = '384387';
const CUSTOMER = '+4915112345678';

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Status callbacks as the app would receive them: the form, and whether Twilio's signature checks out. */
class CallbackReceiver {
  readonly received: { status: string; errorCode: string | null; signed: boolean }[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const params = Object.fromEntries(form);
        const signature = String(request.headers['x-twilio-signature'] ?? '');
        this.received.push({ status: form.get('MessageStatus') ?? '', errorCode: form.get('ErrorCode'), signed: validateRequest(TOKEN, signature, this.url, params) });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/twilio/messages/status`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('TwilioEmulator Messages resource', () => {
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN, numbers: [LINE, SHORT_CODE] });
  const receiver = new CallbackReceiver();

  beforeAll(async () => {
    await emulator.start();
    await receiver.start();
  });
  afterAll(async () => {
    await emulator.stop();
    await receiver.stop();
  });

  async function send(form: Record<string, string>, token = TOKEN): Promise<Answer> {
    const response = await fetch(`${emulator.baseUrl}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT}:${token}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const error = (code: number, status: number) => ({ status, body: { code, message: expect.any(String) as unknown, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

  it("refuses what Twilio refuses, with Twilio's code, message, more_info and HTTP status", async () => {
    expect(await send({ From: LINE, Body: 'hi' })).toEqual(error(21604, 400));
    expect(await send({ To: CUSTOMER, Body: 'hi' })).toEqual(error(21603, 400));
    expect(await send({ To: CUSTOMER, From: '+12025550100', Body: 'hi' })).toEqual(error(21606, 400));
    expect(await send({ To: CUSTOMER, From: LINE })).toEqual(error(21602, 400));
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'x'.repeat(1601) })).toEqual(error(21617, 400));
    expect(await send({ To: 'not-a-number', From: LINE, Body: 'hi' })).toEqual(error(21211, 400));
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'hi' }, 'wrong-token')).toEqual(error(20003, 401));
    expect((await send({ To: CUSTOMER, From: LINE, Body: 'hi' }, 'wrong-token')).body['message']).toBe('Authenticate');
    expect(emulator.messages).toHaveLength(0);
  });

  it('names the refused numbers as Twilio does', async () => {
    expect((await send({ To: CUSTOMER, From: '+12025550100', Body: 'hi' })).body['message']).toContain('+12025550100');
    expect((await send({ To: '+15005550001', From: LINE, Body: 'hi' })).body['message']).toBe("The 'To' number +15005550001 is not a valid phone number.");
    expect((await send({ From: LINE, Body: 'hi' })).body['message']).toBe("A 'To' phone number is required.");
  });

  it('accepts 1,600 characters from a number or short code of the account, reporting GSM-7 and UCS-2 segments', async () => {
    const long = await send({ To: CUSTOMER, From: LINE, Body: 'a'.repeat(1600) });
    expect(long).toMatchObject({ status: 201, body: { status: 'queued', num_segments: '11', from: LINE } });
    expect(await send({ To: CUSTOMER, From: SHORT_CODE, Body: 'Grüße 😀' })).toMatchObject({ status: 201, body: { num_segments: '1', from: SHORT_CODE } });
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'Grüße 😀'.repeat(10) })).toMatchObject({ status: 201, body: { num_segments: '2' } });
    expect(emulator.messages.map((message) => message.numSegments)).toEqual([11, 1, 2]);
  });

  it('fails exactly the next N sends with the code asked for, then sends again', async () => {
    emulator.failNextSends(2, 20429);
    emulator.failNextSends(1, 21610);
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'one' })).toEqual(error(20429, 429));
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'two' })).toEqual(error(20429, 429));
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'three' })).toEqual(error(21610, 400));
    expect((await send({ To: CUSTOMER, From: LINE, Body: 'four' })).status).toBe(201);
    emulator.failNextSends(1, 20500);
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'five' })).toEqual(error(20500, 500));
    expect(emulator.messages.at(-1)?.body).toBe('four');
  });

  async function callbacksFor(form: Record<string, string>, count: number) {
    const before = receiver.received.length;
    expect((await send({ ...form, StatusCallback: receiver.url })).status).toBe(201);
    const deadline = Date.now() + 5_000;
    while (receiver.received.length < before + count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return receiver.received.slice(before);
  }

  it('sends signed status callbacks sent then delivered by default', async () => {
    expect(await callbacksFor({ To: CUSTOMER, From: LINE, Body: 'default' }, 2)).toEqual([
      { status: 'sent', errorCode: null, signed: true },
      { status: 'delivered', errorCode: null, signed: true },
    ]);
  });

  it('plays planned status callbacks in the order given, repeats included, for the next message (to a number, when named)', async () => {
    emulator.planCallbacks(['delivered', 'sent', 'delivered', { status: 'failed', errorCode: '30008' }], '+4915199999999');
    emulator.planCallbacks(['sent', 'sent', { status: 'undelivered', errorCode: '30003' }, { status: 'undelivered', errorCode: '30003' }]);
    expect(await callbacksFor({ To: CUSTOMER, From: LINE, Body: 'planned' }, 4)).toEqual([
      { status: 'sent', errorCode: null, signed: true },
      { status: 'sent', errorCode: null, signed: true },
      { status: 'undelivered', errorCode: '30003', signed: true },
      { status: 'undelivered', errorCode: '30003', signed: true },
    ]);
    expect((await callbacksFor({ To: '+4915199999999', From: LINE, Body: 'reordered' }, 4)).map(({ status, errorCode }) => [status, errorCode])).toEqual([
      ['delivered', null],
      ['sent', null],
      ['delivered', null],
      ['failed', '30008'],
    ]);
  });

  it('refuses WhatsApp between a whatsapp: and a plain address (63007), and a malformed template (21655)', async () => {
    expect(await send({ To: `whatsapp:${CUSTOMER}`, From: LINE, Body: 'hi' })).toEqual(error(63007, 400));
    expect(await send({ To: `whatsapp:${CUSTOMER}`, From: 'whatsapp:+12025550100', Body: 'hi' })).toEqual(error(63007, 400));
    expect(await send({ To: `whatsapp:${CUSTOMER}`, From: `whatsapp:${LINE}`, ContentSid: 'HX-not-a-sid' })).toEqual(error(21655, 400));
  });

  it("accepts free-form WhatsApp outside the customer's 24-hour window, then fails it with 63016, as WhatsApp does; a template goes through", async () => {
    const customer = '+4915177777777';
    expect(await callbacksFor({ To: `whatsapp:${customer}`, From: `whatsapp:${LINE}`, Body: 'late' }, 2)).toEqual([
      { status: 'sent', errorCode: null, signed: true },
      { status: 'failed', errorCode: '63016', signed: true },
    ]);
    expect(await callbacksFor({ To: `whatsapp:${customer}`, From: `whatsapp:${LINE}`, ContentSid: `HX${'b'.repeat(32)}` }, 2)).toEqual([
      { status: 'sent', errorCode: null, signed: true },
      { status: 'delivered', errorCode: null, signed: true },
    ]);
    emulator.customerWrote(`whatsapp:${customer}`, `whatsapp:${LINE}`);
    expect(await callbacksFor({ To: `whatsapp:${customer}`, From: `whatsapp:${LINE}`, Body: 'in time' }, 2)).toEqual([
      { status: 'sent', errorCode: null, signed: true },
      { status: 'delivered', errorCode: null, signed: true },
    ]);
  });

  it('lists the messages it accepted at /emulator/received, without credentials', async () => {
    expect(await send({ To: CUSTOMER, From: LINE, Body: 'listed' })).toMatchObject({ status: 201 });
    const received = (await (await fetch(`${emulator.baseUrl}/emulator/received`)).json()) as { messages: { body?: string }[] };
    expect(received.messages.map((message) => message.body)).toContain('listed');
  });
});

