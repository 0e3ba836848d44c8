import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioSignature } from '../twilio/twilio-signature.util';
import { twilioError, type TwilioErrorBody } from './twilio-error.util';
import { TwilioWebhookSender } from './twilio-webhook.sender';

export interface EmulatedMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly statusCallback: string | undefined;
}

interface EmulatedCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
}

interface EmulatedRecording {
  readonly sid: string;
  readonly callSid: string;
  readonly durationSeconds: number;
  readonly bytes: Buffer;
}

export interface TwilioEmulatorOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Numbers that accept the API call but never receive the text: callbacks end in undelivered/30003. */
  readonly unreachableNumbers?: readonly string[];
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** Twilio's documented test number for "invalid phone number" (error 21211). */
const INVALID_NUMBER = '+15005550001';
const API_VERSION = '2010-04-01';

/**
 * A local stand-in for the parts of Twilio's REST API Tributary calls (Messages create, Calls fetch,
 * Recordings list/fetch/download, MMS media), answering as Twilio documents: HTTP basic auth with the account
 * SID and auth token (20003 otherwise), 21211 for an invalid To, 21602 for a missing Body, and
 * X-Twilio-Signature-signed status callbacks (sent, then delivered or undelivered with ErrorCode).
 */
export class TwilioEmulator {
  readonly messages: EmulatedMessage[] = [];
  /** Status callbacks as sent, with the HTTP status the app answered. */
  readonly callbacks: { url: string; params: Record<string, string>; status: number }[] = [];
  private readonly calls = new Map<string, EmulatedCall>();
  private readonly recordings = new Map<string, EmulatedRecording>();
  private readonly media = new Map<string, { bytes: Buffer; contentType: string }>();
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

  private accountPath(): string {
    return `/${API_VERSION}/Accounts/${this.options.accountSid}`;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    // Not Twilio's: lets the local gateway wait for the emulation like for any of its processes.
    if (request.method === 'GET' && url.pathname === '/health/ready') return json(response, 200, { status: 'ok' });
    if (!this.authorized(request)) return json(response, 401, twilioError(20003, 'Authenticate', 401));
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
      if (!found) return json(response, 404, twilioError(20404, 'The requested resource was not found', 404));
      return json(response, 200, this.callJson(found));
    }
    const recording = /^\/Recordings\/(RE[0-9a-f]{32})(\.json|\.wav|\.mp3)?$/.exec(path);
    if (request.method === 'GET' && recording) {
      const found = this.recordings.get(recording[1] ?? '');
      if (!found) return json(response, 404, twilioError(20404, 'The requested resource was not found', 404));
      if (recording[2] === '.json') return json(response, 200, this.recordingJson(found));
      response.writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': found.bytes.length }).end(found.bytes);
      return;
    }
    const media = /^\/Messages\/[A-Z]{2}[0-9a-f]{32}\/Media\/(ME[0-9a-f]{32})$/.exec(path);
    if (request.method === 'GET' && media) {
      const found = this.media.get(media[1] ?? '');
      if (!found) return json(response, 404, twilioError(20404, 'The requested resource was not found', 404));
      response.writeHead(200, { 'content-type': found.contentType }).end(found.bytes);
      return;
    }
    json(response, 404, twilioError(20404, 'The requested resource was not found', 404));
  }

  private authorized(request: IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')}`;
    return request.headers.authorization === expected;
  }

  private createMessage(form: URLSearchParams, response: ServerResponse): void {
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!E164.test(to) || to === INVALID_NUMBER) return json(response, 400, twilioError(21211, `The 'To' number ${to} is not a valid phone number.`, 400));
    if (body === '') return json(response, 400, twilioError(21602, 'Message body is required.', 400));
    const message: EmulatedMessage = { sid: `SM${randomBytes(16).toString('hex')}`, to, from, body, statusCallback: form.get('StatusCallback') ?? undefined };
    this.messages.push(message);
    const now = new Date().toUTCString();
    json(response, 201, {
      sid: message.sid, account_sid: this.options.accountSid, to, from, body, status: 'queued', direction: 'outbound-api',
      num_segments: '1', num_media: '0', api_version: API_VERSION, date_created: now, date_updated: now, date_sent: null,
      error_code: null, error_message: null, price: null, price_unit: 'USD', messaging_service_sid: null,
      uri: `${this.accountPath()}/Messages/${message.sid}.json`, subresource_uris: { media: `${this.accountPath()}/Messages/${message.sid}/Media.json` },
    });
    setTimeout(() => void this.reportProgress(message), 20);
  }

  private async reportProgress(message: EmulatedMessage): Promise<void> {
    if (!message.statusCallback) return;
    const unreachable = this.options.unreachableNumbers?.includes(message.to) ?? false;
    await this.callback(message, 'sent');
    if (unreachable) await this.callback(message, 'undelivered', '30003');
    else await this.callback(message, 'delivered');
  }

  private async callback(message: EmulatedMessage, status: string, errorCode?: string): Promise<void> {
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
