import { EMULATOR_RECEIVED_PATH } from '@tributary/channel-kit';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CustomerServiceWindowStore } from './customer-service-window.store';
import { graphError, REENGAGEMENT_ERROR, UNDELIVERABLE_ERROR, type GraphError } from './graph-error-catalog';
import type { GraphApiEmulatorOptions, RefusedGraphRequest, SentWhatsappMessage, StatusDelivery, WhatsappSendRequest } from './graph-api-emulator.types';
import { answerGraph, answerGraphError, parseJson, readBody } from './graph-http.util';
import { LOOKASIDE_PATH, LookasideMediaStore } from './lookaside-media.store';
import { StatusWebhookDispatcher } from './status-webhook.dispatcher';
import { statusWebhook, whatsappMessageId, type WhatsappBusinessNumber, type WhatsappStatus } from './whatsapp-webhook.builder';
import { validateSendRequest } from './whatsapp-send-request.validator';

export type { GraphApiEmulatorOptions, RefusedGraphRequest, SentWhatsappMessage, StatusDelivery } from './graph-api-emulator.types';

const DEFAULT_VERSION = 'v23.0';
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_STATUSES: readonly WhatsappStatus[] = ['sent', 'delivered'];

/**
 * A local stand-in for the parts of Meta's Graph API the WhatsApp Cloud channel calls, as strict as
 * Meta: `POST /{version}/{phone-number-id}/messages` (text and template) and the two-step media
 * download (`GET /{version}/{media-id}`, then the lookaside URL, 5 minutes, same Bearer token), every
 * refusal in Graph's error shape with Meta's code and HTTP status. After each accepted message it posts
 * the status webhooks Meta would (sent, delivered), signed with the app secret; a free-form message to
 * a customer whose 24-hour window is closed is accepted, then fails asynchronously with 131047, as on
 * Meta. Tests can plan the statuses (reordered, repeated) and make the next sends fail.
 */
export class GraphApiEmulator {
  readonly sent: SentWhatsappMessage[] = [];
  /** Every refused API call, with the Graph code it was answered with. */
  readonly refused: RefusedGraphRequest[] = [];
  private requestCount = 0;
  private readonly version: string;
  private readonly now: () => Date;
  private readonly windows = new CustomerServiceWindowStore();
  private readonly media: LookasideMediaStore;
  private readonly statuses: StatusWebhookDispatcher;
  private readonly failures: ('rate-limit' | 'server')[] = [];
  private readonly plans: (readonly WhatsappStatus[])[] = [];
  private server: Server | undefined;
  private base = '';

  constructor(private readonly options: GraphApiEmulatorOptions) {
    this.version = options.apiVersion ?? DEFAULT_VERSION;
    this.now = options.now ?? (() => new Date());
    this.media = new LookasideMediaStore(this.now);
    this.statuses = new StatusWebhookDispatcher(options.appSecret, options.webhookUrl);
  }

  /** The Graph base URL without the version, e.g. http://127.0.0.1:PORT. */
  get baseUrl(): string {
    return this.base;
  }

  /** How many API calls were made (health checks aside), accepted or not. */
  get requests(): number {
    return this.requestCount;
  }

  get deliveredStatuses(): readonly StatusDelivery[] {
    return this.statuses.delivered;
  }

  /** Status webhooks that no webhook URL took, after the retries. */
  get undeliveredStatuses(): readonly StatusDelivery[] {
    return this.statuses.undelivered;
  }

  /** Listens on the loopback interface, on the option's port or any free one. */
  async start(): Promise<string> {
    const server = createServer((request, response) => void this.route(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', resolve);
    });
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.base;
  }

  /** Finishes the status webhooks under way, then closes (idle keep-alive connections too). */
  async stop(): Promise<void> {
    await this.statuses.idle();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  setWebhookUrl(url: string): void {
    this.statuses.setWebhookUrl(url);
  }

  /** Resolves once every status webhook scheduled so far has been delivered or given up on. */
  statusesSettled(): Promise<void> {
    return this.statuses.idle();
  }

  /** The customer wrote to the number (tests call it with each inbound webhook): opens or renews the 24-hour window. */
  customerWrote(phoneNumberId: string, customer: { readonly waId?: string; readonly userId?: string }, at: Date = this.now()): void {
    this.windows.customerWrote(phoneNumberId, customer, at);
  }

  /**
   * The status webhooks of the next accepted message whose window is open, in exactly this order
   * (repeat one to have it delivered twice; an empty list sends none). A planned `failed` carries 131026.
   */
  planStatuses(sequence: readonly WhatsappStatus[]): void {
    this.plans.push([...sequence]);
  }

  /** The next `count` sends are refused, whatever they ask: 429 / 130429, or 500 / 131000. */
  failNextSends(count: number, error: 'rate-limit' | 'server'): void {
    for (let index = 0; index < count; index += 1) this.failures.push(error);
  }

  addMedia(mediaId: string, bytes: Buffer, mimeType: string): void {
    this.media.add(mediaId, bytes, mimeType);
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    const method = request.method ?? 'GET';
    const refuse = (error: GraphError): void => {
      this.refused.push({ method, path: url.pathname, status: error.status, code: error.code });
      answerGraphError(response, error);
    };
    try {
      // Not Meta's: lets the local gateway wait for the emulation like for any of its processes.
      if (method === 'GET' && url.pathname === '/health/ready') return answerGraph(response, 200, { status: 'ok' });
      if (method === 'GET' && url.pathname === EMULATOR_RECEIVED_PATH) return answerGraph(response, 200, { sent: this.sent, refused: this.refused });
      this.requestCount += 1;
      if (request.headers.authorization !== `Bearer ${this.options.accessToken}`) return refuse(graphError('invalid-token'));
      if (method === 'GET' && url.pathname === LOOKASIDE_PATH) return this.serveLookaside(url.searchParams, response);
      const [version, objectId, edge, ...rest] = url.pathname.split('/').filter((segment) => segment !== '');
      if (version !== this.version || objectId === undefined || rest.length > 0) return refuse(graphError('unknown-path', { path: url.pathname }));
      if (method === 'POST' && edge === 'messages') return await this.send(objectId, request, response, refuse);
      if (method === 'GET' && edge === undefined) {
        const described = this.media.describe(objectId, this.base);
        return described ? answerGraph(response, 200, described) : refuse(graphError('unknown-object', { method: 'get', id: objectId }));
      }
      return refuse(graphError('unknown-path', { path: url.pathname }));
    } catch {
      refuse(graphError('server'));
    }
  }

  private async send(phoneNumberId: string, request: IncomingMessage, response: ServerResponse, refuse: (error: GraphError) => void): Promise<void> {
    const number = this.options.numbers.find((candidate) => candidate.phoneNumberId === phoneNumberId);
    if (!number) return refuse(graphError('unknown-object', { method: 'post', id: phoneNumberId }));
    const raw = await readBody(request, MAX_BODY_BYTES);
    if (raw === undefined) return refuse(graphError('body-too-large', { limitBytes: MAX_BODY_BYTES }));
    const json = parseJson(raw);
    // UNCONFIRMED: Graph's answer to a body that is not JSON; code 100 is the generic parameter error.
    if (!json.ok) return refuse(graphError('invalid-parameter', { message: '(#100) Invalid parameter', details: 'The request body is not valid JSON.' }));
    const forced = this.failures.shift();
    if (forced) return refuse(graphError(forced));
    const validation = validateSendRequest(json.value, this.options.templates ?? []);
    if (!validation.ok) return refuse(validation.error);
    const body = validation.request;
    const message: SentWhatsappMessage = { phoneNumberId, body, messageId: whatsappMessageId(), acceptedAt: this.now() };
    this.sent.push(message);
    const contact = {
      input: body.to ?? body.recipient,
      ...(body.to === undefined ? {} : { wa_id: body.to.replace(/^\+/, '') }),
      ...(body.recipient === undefined ? {} : { user_id: body.recipient }),
    };
    answerGraph(response, 200, { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: message.messageId }] });
    this.scheduleStatuses(number, message);
  }

  /** Templates may open a conversation; anything else needs the customer's window open, or fails with 131047 after the 200. */
  private scheduleStatuses(number: WhatsappBusinessNumber, message: SentWhatsappMessage): void {
    const body: WhatsappSendRequest = message.body;
    const template = body.type === 'template';
    const windowOpen = this.windows.isOpen(number.phoneNumberId, body, this.now());
    const sequence: readonly WhatsappStatus[] = template || windowOpen ? (this.plans.shift() ?? DEFAULT_STATUSES) : ['failed'];
    const pricing = template
      ? ({ category: 'utility', type: windowOpen ? 'free_customer_service' : 'regular' } as const)
      : ({ category: 'service', type: 'free_customer_service' } as const);
    this.statuses.dispatch(sequence.map((status) => ({
      messageId: message.messageId,
      status,
      payload: () => statusWebhook(number, {
        id: message.messageId,
        status,
        ...(body.to === undefined ? {} : { recipientWaId: body.to.replace(/^\+/, '') }),
        ...(body.recipient === undefined ? {} : { recipientUserId: body.recipient }),
        timestamp: this.now(),
        ...(body.biz_opaque_callback_data === undefined ? {} : { bizOpaqueCallbackData: body.biz_opaque_callback_data }),
        ...(status === 'failed' ? { error: template || windowOpen ? UNDELIVERABLE_ERROR : REENGAGEMENT_ERROR } : { pricing }),
      }),
    })));
  }

  private serveLookaside(query: URLSearchParams, response: ServerResponse): void {
    const answer = this.media.fetch(query);
    if (answer.kind === 'refused') {
      response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.reason);
      return;
    }
    response.writeHead(200, { 'content-type': answer.mimeType, 'content-length': answer.bytes.length }).end(answer.bytes);
  }
}
