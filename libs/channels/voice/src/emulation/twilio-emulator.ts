import { EMULATOR_RECEIVED_PATH } from '@tributary/channel-kit';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioSignature } from '../twilio/twilio-signature.util';
import { messageRequestRefusal } from './message-refusal.util';
import { smsSegmentCount } from './sms-segments.util';
import { twilioApiError } from './twilio-api-error-catalog';
import type { TwilioErrorBody } from './twilio-error.util';
import type { CallbackPlan, CallbackStep, EmulatedCall, EmulatedMessage, EmulatedRecording, MessageCallbackStatus, TwilioEmulatorOptions } from './twilio-emulator.types';
import { TwilioWebhookSender } from './twilio-webhook.sender';

export type { EmulatedMessage, TwilioEmulatorOptions } from './twilio-emulator.types';

const API_VERSION = '2010-04-01';

/**
 * A local stand-in for the parts of Twilio's REST API Tributary calls (Messages create, Calls fetch,
 * Recordings list/fetch/download, MMS media), answering as Twilio documents: HTTP basic auth with the
 * account SID and auth token (20003 otherwise), the Messages resource's refusals with their codes and
 * statuses (21604 no To, 21211 invalid To, 21603 no From, 21606 a From not the account's, 21602 no
 * Body, 21617 a Body over 1,600 characters), `num_segments` counted as GSM-7 or UCS-2 segments, and
 * X-Twilio-Signature-signed status callbacks (sent, then delivered or undelivered with ErrorCode).
 * Tests can make the next sends fail with any code, and play status callbacks in any order, repeated.
 */
export class TwilioEmulator {
  readonly messages: EmulatedMessage[] = [];
  /** Status callbacks as sent, with the HTTP status the app answered. */
  readonly callbacks: { url: string; params: Record<string, string>; status: number }[] = [];
  private readonly calls = new Map<string, EmulatedCall>();
  private readonly recordings = new Map<string, EmulatedRecording>();
  private readonly media = new Map<string, { bytes: Buffer; contentType: string }>();
  private readonly failures: number[] = [];
  private readonly callbackPlans: CallbackPlan[] = [];
  /** When each WhatsApp customer last wrote to each of the account's WhatsApp senders. */
  private readonly whatsappWindows = new Map<string, Date>();
  private server: Server | undefined;
  private base = '';

  constructor(private readonly options: TwilioEmulatorOptions) {}

  get baseUrl(): string {
    return this.base;
  }

  /** Twilio's other side: webhooks to the app, signed for the URL Twilio was configured with. */
  webhooks(appBaseUrl: string, publicBaseUrl: string): TwilioWebhookSender {
    return new TwilioWebhookSender(this.options.authToken, appBaseUrl, publicBaseUrl);
  }

  /** Listens on `port` (any free one by default) on the loopback interface. */
  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => void this.route(request, response));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', resolve);
    });
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A call Twilio knows about (the Calls resource), e.g. for callbacks that do not name its numbers. */
  addCall(callSid: string, from: string, to: string): void {
    this.calls.set(callSid, { sid: callSid, from, to });
  }

  addRecording(callSid: string, durationSeconds: number, bytes: Buffer): { sid: string; url: string } {
    const sid = `RE${randomBytes(16).toString('hex')}`;
    this.recordings.set(sid, { sid, callSid, durationSeconds, bytes });
    return { sid, url: `${this.base}${this.accountPath()}/Recordings/${sid}` };
  }

  addMedia(messageSid: string, bytes: Buffer, contentType: string): string {
    const sid = `ME${randomBytes(16).toString('hex')}`;
    this.media.set(sid, { bytes, contentType });
    return `${this.base}${this.accountPath()}/Messages/${messageSid}/Media/${sid}`;
  }

  /** The next `count` message requests are refused with `code` (and the HTTP status Twilio gives it), whatever they ask. */
  failNextSends(count: number, code: number): void {
    for (let index = 0; index < count; index += 1) this.failures.push(code);
  }

  /**
   * The status callbacks of the next message accepted (to `to`, when given), in exactly this order:
   * list a status twice to have it delivered twice, put `delivered` before `sent` to reorder them.
   */
  planCallbacks(steps: readonly CallbackStep[], to?: string): void {
    this.callbackPlans.push({ steps, to });
  }

  /**
   * A WhatsApp customer wrote to one of the account's senders (both `whatsapp:…`), opening the
   * 24-hour window in which free-form messages are delivered; tests call it with each inbound webhook.
   */
  customerWrote(customer: string, sender: string, at: Date = new Date()): void {
    this.whatsappWindows.set(`${customer}\u0000${sender}`, at);
  }

  private accountPath(): string {
    return `/${API_VERSION}/Accounts/${this.options.accountSid}`;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    // Not Twilio's: lets the local gateway wait for the emulation like for any of its processes.
    if (request.method === 'GET' && url.pathname === '/health/ready') return json(response, 200, { status: 'ok' });
    if (request.method === 'GET' && url.pathname === EMULATOR_RECEIVED_PATH) return json(response, 200, { messages: this.messages });
    if (!this.authorized(request)) return json(response, 401, twilioApiError(20003));
    const path = url.pathname.startsWith(this.accountPath()) ? url.pathname.slice(this.accountPath().length) : '';
    if (request.method === 'POST' && path === '/Messages.json') return this.createMessage(await readForm(request), response);
    if (request.method === 'GET' && path === '/Recordings.json') {
      const callSid = url.searchParams.get('CallSid');
      const list = [...this.recordings.values()].filter((recording) => !callSid || recording.callSid === callSid);
      return json(response, 200, { recordings: list.map((recording) => this.recordingJson(recording)), first_page_uri: url.pathname, next_page_uri: null, page: 0, page_size: 50, previous_page_uri: null, uri: url.pathname, end: list.length, start: 0 });
    }
    const call = /^\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(path);
    if (request.method === 'GET' && call) {
      const found = this.calls.get(call[1] ?? '');
      if (!found) return json(response, 404, twilioApiError(20404));
      return json(response, 200, this.callJson(found));
    }
    const recording = /^\/Recordings\/(RE[0-9a-f]{32})(\.json|\.wav|\.mp3)?$/.exec(path);
    if (request.method === 'GET' && recording) {
      const found = this.recordings.get(recording[1] ?? '');
      if (!found) return json(response, 404, twilioApiError(20404));
      if (recording[2] === '.json') return json(response, 200, this.recordingJson(found));
      response.writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': found.bytes.length }).end(found.bytes);
      return;
    }
    const media = /^\/Messages\/[A-Z]{2}[0-9a-f]{32}\/Media\/(ME[0-9a-f]{32})$/.exec(path);
    if (request.method === 'GET' && media) {
      const found = this.media.get(media[1] ?? '');
      if (!found) return json(response, 404, twilioApiError(20404));
      response.writeHead(200, { 'content-type': found.contentType }).end(found.bytes);
      return;
    }
    json(response, 404, twilioApiError(20404));
  }

  private authorized(request: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')}`;
    return request.headers.authorization === expected;
  }

  private createMessage(form: URLSearchParams, response: ServerResponse): void {
    const failure = this.failures.shift();
    if (failure !== undefined) {
      const forced = twilioApiError(failure, form.get('To') ?? '');
      return json(response, forced.status, forced);
    }
    const owned = this.options.numbers;
    const refusal = messageRequestRefusal(
      { to: form.get('To'), from: form.get('From'), body: form.get('Body'), mediaUrls: form.getAll('MediaUrl'), contentSid: form.get('ContentSid') },
      (from) => owned === undefined || owned.includes(from),
    );
    if (refusal) return json(response, refusal.status, refusal);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    const message: EmulatedMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`, to, from, body, contentSid: form.get('ContentSid') ?? undefined, numSegments: smsSegmentCount(body), statusCallback: form.get('StatusCallback') ?? undefined,
    };
    this.messages.push(message);
    const now = new Date().toUTCString();
    json(response, 201, {
      sid: message.sid, account_sid: this.options.accountSid, to, from, body, status: 'queued', direction: 'outbound-api',
      num_segments: String(message.numSegments), num_media: String(form.getAll('MediaUrl').length), api_version: API_VERSION, date_created: now, date_updated: now, date_sent: null,
      error_code: null, error_message: null, price: null, price_unit: 'USD', messaging_service_sid: null,
      uri: `${this.accountPath()}/Messages/${message.sid}.json`, subresource_uris: { media: `${this.accountPath()}/Messages/${message.sid}/Media.json` },
    });
    const steps = this.outsideWhatsappWindow(form) ? ['sent' as const, { status: 'failed' as const, errorCode: '63016' }] : (this.takePlan(to) ?? this.defaultPlan(to));
    setTimeout(() => void this.reportProgress(message, steps), 20);
  }

  /** Twilio accepts a free-form WhatsApp message outside the window and fails it afterwards with 63016, as Meta does. */
  private outsideWhatsappWindow(form: URLSearchParams): boolean {
    const to = form.get('To') ?? '';
    if (!to.startsWith('whatsapp:') || form.get('ContentSid')) return false;
    const wrote = this.whatsappWindows.get(`${to}\u0000${form.get('From') ?? ''}`);
    return wrote === undefined || Date.now() - wrote.getTime() >= 24 * 60 * 60 * 1000;
  }

  private takePlan(to: string): readonly CallbackStep[] | undefined {
    const index = this.callbackPlans.findIndex((plan) => plan.to === undefined || plan.to === to);
    return index === -1 ? undefined : this.callbackPlans.splice(index, 1)[0]?.steps;
  }

  private defaultPlan(to: string): readonly CallbackStep[] {
    return this.options.unreachableNumbers?.includes(to) ? ['sent', { status: 'undelivered', errorCode: '30003' }] : ['sent', 'delivered'];
  }

  /** One after the other, each answered before the next is sent, so the app sees them in the planned order. */
  private async reportProgress(message: EmulatedMessage, steps: readonly CallbackStep[]): Promise<void> {
    if (!message.statusCallback) return;
    for (const step of steps) await this.callback(message, typeof step === 'string' ? step : step.status, typeof step === 'string' ? undefined : step.errorCode);
  }

  private async callback(message: EmulatedMessage, status: MessageCallbackStatus, errorCode?: string): Promise<void> {
    const url = message.statusCallback ?? '';
    const params: Record<string, string> = {
      AccountSid: this.options.accountSid, ApiVersion: API_VERSION, From: message.from, To: message.to,
      MessageSid: message.sid, SmsSid: message.sid, MessageStatus: status, SmsStatus: status,
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(this.options.authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    }).catch(() => undefined);
    this.callbacks.push({ url, params, status: response?.status ?? 0 });
  }

  private callJson(call: EmulatedCall): Record<string, unknown> {
    return {
      sid: call.sid, account_sid: this.options.accountSid, from: call.from, to: call.to, status: 'completed', direction: 'inbound',
      api_version: API_VERSION, date_created: new Date().toUTCString(), uri: `${this.accountPath()}/Calls/${call.sid}.json`,
    };
  }

  private recordingJson(recording: EmulatedRecording): Record<string, unknown> {
    return {
      sid: recording.sid, account_sid: this.options.accountSid, call_sid: recording.callSid, duration: String(recording.durationSeconds),
      status: 'completed', channels: 1, source: 'RecordVerb', api_version: API_VERSION, date_created: new Date().toUTCString(),
      uri: `${this.accountPath()}/Recordings/${recording.sid}.json`, media_url: `${this.base}${this.accountPath()}/Recordings/${recording.sid}`,
    };
  }
}

function json(response: ServerResponse, status: number, body: TwilioErrorBody | Record<string, unknown>): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
