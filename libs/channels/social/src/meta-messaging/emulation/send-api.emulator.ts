import { EMULATOR_RECEIVED_PATH } from '@tributary/channel-kit';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerGraph, parseJson, readBody } from '../../whatsapp-cloud/emulation/graph-http.util';
import { CustomerConversationStore } from './customer-conversation.store';
import { deliveryEvent, echoEvent, messagingWebhook, metaMessageId, readEvent, textMessageEvent, type MetaBusinessAccount } from './meta-messaging-webhook.builder';
import { MessagingWebhookPoster, type PostedWebhook } from './messaging-webhook.poster';
import { sendApiError, sendApiErrorBody, sendApiErrorForCode, type SendApiError } from './send-api-error-catalog';
import type { EchoTiming, EmulatedMetaAccount, RefusedSendApiRequest, SendApiEmulatorOptions, SentMetaMessage } from './send-api-emulator.types';
import { validateSendRequest } from './send-api-request.validator';

export type { EchoTiming, EmulatedMetaAccount, RefusedSendApiRequest, SendApiEmulatorOptions, SentMetaMessage } from './send-api-emulator.types';

const DEFAULT_VERSION = 'v23.0';
/** The example app id of Meta's message_echoes reference. */
const DEFAULT_APP_ID = '1517776481860111';
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A local stand-in for Meta's Send API (Messenger and Instagram through a page token), as strict as
 * Meta: `POST /{version}/me/messages` (or `/{version}/{account-id}/messages`) with the page token in
 * `Authorization: Bearer` or `access_token`, 190 without a valid one; the recipient must be a customer
 * who wrote to that account (100/2018001) and has not blocked it (551/1545041); RESPONSE only within
 * 24 hours (10/2018278), MESSAGE_TAG HUMAN_AGENT within 7 days on pages with the feature
 * (10/2534022). Each accepted send is echoed to the webhook, signed — after the answer, or before it
 * to reproduce the echo race — and tests post delivery and read watermarks on demand.
 */
export class SendApiEmulator {
  readonly sent: SentMetaMessage[] = [];
  readonly refused: RefusedSendApiRequest[] = [];
  private readonly version: string;
  private readonly now: () => Date;
  private readonly conversations = new CustomerConversationStore();
  private readonly webhooks: MessagingWebhookPoster;
  private readonly failures: SendApiError[] = [];
  private readonly cdn = new Map<string, { readonly bytes: Buffer; readonly contentType: string }>();
  private echoTiming: EchoTiming;
  private server: Server | undefined;
  private base = '';

  constructor(private readonly options: SendApiEmulatorOptions) {
    this.version = options.apiVersion ?? DEFAULT_VERSION;
    this.now = options.now ?? (() => new Date());
    this.echoTiming = options.echoes ?? 'after-answer';
    this.webhooks = new MessagingWebhookPoster(options.appSecret, options.webhookUrl);
  }

  /** The Graph base URL without the version, e.g. http://127.0.0.1:PORT. */
  get baseUrl(): string {
    return this.base;
  }

  get deliveredWebhooks(): readonly PostedWebhook[] {
    return this.webhooks.delivered;
  }

  get undeliveredWebhooks(): readonly PostedWebhook[] {
    return this.webhooks.undelivered;
  }

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

  /** Finishes the webhooks under way, then closes (idle keep-alive connections too). */
  async stop(): Promise<void> {
    await this.webhooks.idle();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  setWebhookUrl(url: string): void {
    this.webhooks.setWebhookUrl(url);
  }

  setEchoTiming(timing: EchoTiming): void {
    this.echoTiming = timing;
  }

  /** Resolves once every webhook queued so far has been delivered or given up on. */
  webhooksSettled(): Promise<void> {
    return this.webhooks.idle();
  }

  /**
   * A file on "Meta's CDN", for attachment webhooks: a signed URL that needs no token (as the
   * `*.fbcdn.net` / `lookaside.fbsbx.com` URLs in real webhooks), on this emulation's host.
   */
  addCdnMedia(fileName: string, bytes: Buffer, contentType: string): string {
    const path = `/cdn/v/t1.15752-9/${randomBytes(8).toString('hex')}/${encodeURIComponent(fileName)}`;
    this.cdn.set(path, { bytes, contentType });
    return `${this.base}${path}?_nc_cat=1&_nc_sid=${randomBytes(4).toString('hex')}&oh=${randomBytes(16).toString('hex')}&oe=${Math.floor(this.now().getTime() / 1000) + 86_400}`;
  }

  /** The customer wrote to the account (tests call it with each inbound webhook): known, and the window opened or renewed. */
  customerWrote(accountId: string, customerId: string, at: Date = this.now()): void {
    this.conversations.wrote(accountId, customerId, at);
  }

  /** The customer writes: the window opens and the message's webhook is posted, as Meta would. */
  async customerSends(accountId: string, customerId: string, text: string): Promise<{ mid: string; delivery: PostedWebhook }> {
    const account = this.account(accountId);
    const at = this.now();
    this.conversations.wrote(accountId, customerId, at);
    const mid = metaMessageId(account.channel);
    return { mid, delivery: await this.webhooks.post(messagingWebhook(account, textMessageEvent(account, customerId, text, { mid, at }))) };
  }

  /** The customer blocked the account: every later send to them is refused with 551/1545041. */
  customerBlocked(accountId: string, customerId: string): void {
    this.conversations.block(accountId, customerId);
  }

  /** The next send is refused with this code or subcode (551, 2018278, 2534022, 2018001, 1545041, 100, 190, 613, 10, 200, 500). */
  failNext(code: number): void {
    this.failures.push(sendApiErrorForCode(code));
  }

  /** Messenger's delivery webhook for the customer, watermark now (or `at`); `withMids` names the covered messages as Meta sometimes does. */
  deliver(accountId: string, customerId: string, options: { readonly at?: Date; readonly withMids?: boolean } = {}): Promise<PostedWebhook> {
    const account = this.account(accountId);
    if (account.channel !== 'messenger') throw new Error('Instagram sends no delivery webhooks (message_deliveries is Messenger only)');
    const watermark = options.at ?? this.now();
    const mids = options.withMids === true ? this.sentTo(accountId, customerId, watermark).map((sent) => sent.messageId) : undefined;
    return this.webhooks.post(messagingWebhook(account, deliveryEvent(account, customerId, { watermark, ...(mids === undefined ? {} : { mids }) })));
  }

  /** The customer read up to now (or `at`): a watermark on Messenger, the last message's id on Instagram. */
  read(accountId: string, customerId: string, at: Date = this.now()): Promise<PostedWebhook> {
    const account = this.account(accountId);
    if (account.channel === 'messenger') return this.webhooks.post(messagingWebhook(account, readEvent(account, customerId, { watermark: at }, { at })));
    const last = this.sentTo(accountId, customerId, at).at(-1);
    if (last === undefined) throw new Error(`nothing was sent to ${customerId} from ${accountId} to be seen`);
    return this.webhooks.post(messagingWebhook(account, readEvent(account, customerId, { mid: last.messageId }, { at })));
  }

  private sentTo(accountId: string, customerId: string, until: Date): SentMetaMessage[] {
    return this.sent.filter((sent) => sent.accountId === accountId && sent.body.recipient.id === customerId && sent.acceptedAt.getTime() <= until.getTime());
  }

  private account(accountId: string): EmulatedMetaAccount & MetaBusinessAccount {
    const account = this.options.accounts.find((candidate) => candidate.id === accountId);
    if (account === undefined) throw new Error(`no account ${accountId} in the emulation`);
    return account;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    const refuse = (error: SendApiError): void => {
      this.refused.push({ path: url.pathname, status: error.status, code: error.code, ...(error.subcode === undefined ? {} : { subcode: error.subcode }) });
      answerGraph(response, error.status, sendApiErrorBody(error));
    };
    try {
      // Not Meta's: lets the local gateway wait for the emulation like for any of its processes.
      if (request.method === 'GET' && url.pathname === '/health/ready') return answerGraph(response, 200, { status: 'ok' });
      if (request.method === 'GET' && url.pathname === EMULATOR_RECEIVED_PATH) return answerGraph(response, 200, { sent: this.sent, refused: this.refused });
      if (request.method === 'GET' && url.pathname.startsWith('/cdn/')) return this.serveCdn(url.pathname, response);
      const [version, objectId, edge, ...rest] = url.pathname.split('/').filter((segment) => segment !== '');
      if (request.method !== 'POST' || version !== this.version || edge !== 'messages' || rest.length > 0) return refuse(sendApiError('unknown-path', url.pathname));
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token') ?? '';
      const account = this.options.accounts.find((candidate) => candidate.token === token && (objectId === 'me' || candidate.id === objectId));
      if (account === undefined) return refuse(sendApiError('invalid-token'));
      await this.send(account, request, response, refuse);
    } catch {
      refuse(sendApiError('server'));
    }
  }

  /** Meta's CDN answers an unknown or expired signed URL with 403 and a short text (UNCONFIRMED wording). */
  private serveCdn(path: string, response: ServerResponse): void {
    const file = this.cdn.get(path);
    if (file === undefined) return void response.writeHead(403, { 'content-type': 'text/plain' }).end('URL signature expired');
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.bytes.length }).end(file.bytes);
  }

  private async send(account: EmulatedMetaAccount, request: IncomingMessage, response: ServerResponse, refuse: (error: SendApiError) => void): Promise<void> {
    const raw = await readBody(request, MAX_BODY_BYTES);
    if (raw === undefined) return refuse(sendApiError('body-too-large'));
    const json = parseJson(raw);
    if (!json.ok) return refuse(sendApiError('invalid-parameter', 'the body is not JSON'));
    const forced = this.failures.shift();
    if (forced) return refuse(forced);
    const validation = validateSendRequest(json.value, account.channel);
    if (!validation.ok) return refuse(validation.error);
    const body = validation.request;
    const now = this.now();
    const refusal = this.conversations.refusal(account, body, now);
    if (refusal) return refuse(refusal);
    const sent: SentMetaMessage = { accountId: account.id, body, messageId: metaMessageId(account.channel), acceptedAt: now };
    this.sent.push(sent);
    const echo = (): Promise<PostedWebhook> =>
      this.webhooks.post(
        messagingWebhook(account, echoEvent(account, body.recipient.id, { mid: sent.messageId, text: body.message.text, appId: this.options.appId ?? DEFAULT_APP_ID, ...(body.message.metadata === undefined ? {} : { metadata: body.message.metadata }) }, { at: now })),
      );
    if (this.echoTiming === 'before-answer') await echo();
    answerGraph(response, 200, { recipient_id: body.recipient.id, message_id: sent.messageId });
    if (this.echoTiming === 'after-answer') void echo();
  }
}
