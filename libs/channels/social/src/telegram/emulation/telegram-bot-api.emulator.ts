import { EMULATOR_RECEIVED_PATH } from '@tributary/channel-kit';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatedTelegramBot } from './emulated-telegram-bot';
import { answer, parseParams, readBody, refusal, type TelegramApiAnswer } from './telegram-bot-api.http.util';
import { deleteWebhook, getFile, getMe, getUpdates, getWebhookInfo, sendMessage, setWebhook } from './telegram-bot-api.methods';
import { CustomerActions } from './telegram-customer.actions';
import { WebhookDelivery } from './telegram-webhook.delivery';

export interface TelegramBotApiEmulatorOptions {
  /** Each bot's token must start with its id and a colon, as BotFather's do. */
  readonly bots: readonly { readonly token: string; readonly username: string }[];
  readonly port?: number;
  readonly now?: () => Date;
  /** Between attempts to post an update the webhook refused (default 200 ms; Telegram waits longer). */
  readonly webhookRetryMs?: number;
}

export interface SentTelegramMessage {
  readonly bot: string;
  readonly chatId: number;
  readonly messageId: number;
  readonly text: string;
  /** The message it replies to, when reply_parameters named one that exists. */
  readonly replyToMessageId?: number;
}

export interface RefusedTelegramCall {
  readonly bot: string | undefined;
  readonly method: string;
  readonly errorCode: number;
  readonly description: string;
}

const MAX_BODY_BYTES = 1024 * 1024;
type Method = (bot: EmulatedTelegramBot, params: Readonly<Record<string, unknown>>) => TelegramApiAnswer | Promise<TelegramApiAnswer>;

/**
 * A local Bot API server, as strict as Telegram where Tributary depends on it: the token in the path
 * (401 for an unknown one), sendMessage (a known chat, 1-4096 characters, the replied message known
 * unless allow_sending_without_reply, 403 from a customer who blocked the bot), getFile and the file
 * download under `/file/bot<token>/<file_path>`, getUpdates with offset confirmation and long polling
 * (409 while a webhook is set, or to a poll a newer one replaced), setWebhook/deleteWebhook with
 * delivery of each update to the webhook with its secret header until answered 2xx. Every answer is
 * Telegram's `{ ok, result }` or `{ ok: false, error_code, description, parameters }`.
 */
export class TelegramBotApiEmulator {
  readonly sent: SentTelegramMessage[] = [];
  readonly refused: RefusedTelegramCall[] = [];
  /** Calls per method name (as Telegram, case-insensitive: lower case here). */
  readonly calls = new Map<string, number>();
  readonly customers: CustomerActions;
  private readonly bots = new Map<string, EmulatedTelegramBot>();
  private readonly failures: { readonly method: string | undefined; readonly errorCode: number; readonly retryAfter?: number }[] = [];
  private readonly delivery: WebhookDelivery;
  private readonly now: () => Date;
  private server: Server | undefined;
  private base = '';

  constructor(options: TelegramBotApiEmulatorOptions) {
    this.now = options.now ?? (() => new Date());
    options.bots.forEach((bot, index) => {
      const id = /^(\d+):/.exec(bot.token)?.[1];
      if (id === undefined) throw new Error(`the token of ${bot.username} does not start with its bot id and a colon`);
      // Update ids start somewhere large, as Telegram's do, and differ per bot.
      const emulated = new EmulatedTelegramBot(Number(id), bot.username, bot.token, 700_000_000 + index * 1_000_000);
      this.bots.set(bot.username, emulated);
      this.bots.set(id, emulated);
    });
    this.delivery = new WebhookDelivery(options.webhookRetryMs ?? 200);
    for (const bot of new Set(this.bots.values())) bot.onEnqueue(() => this.delivery.kick(bot));
    this.customers = new CustomerActions((key) => this.bot(key), this.now);
  }

  /** e.g. http://127.0.0.1:PORT: TELEGRAM_API_ROOT for the app. */
  get apiRoot(): string {
    return this.base;
  }

  async start(port = 0): Promise<string> {
    const server = createServer((request, response) => void this.route(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    this.delivery.stop();
    for (const bot of new Set(this.bots.values())) bot.endWait();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** By username or id. */
  bot(key: string): EmulatedTelegramBot {
    const bot = this.bots.get(key);
    if (bot === undefined) throw new Error(`no emulated bot ${key}`);
    return bot;
  }

  /** The customer blocked the bot: every send to the chat gets 403 "Forbidden: bot was blocked by the user". */
  blockBy(botKey: string, chatId: number, blocked = true): void {
    const chat = this.bot(botKey).chats.get(chatId);
    if (chat === undefined) throw new Error(`bot ${botKey} has no chat ${chatId}`);
    chat.blocked = blocked;
  }

  /** The next API call (of `method`, if given) is refused: 429 with `retry_after`, or 500 and the like. */
  failNext(errorCode: number, options: { readonly retryAfter?: number; readonly method?: string } = {}): void {
    this.failures.push({ method: options.method?.toLowerCase(), errorCode, ...(options.retryAfter === undefined ? {} : { retryAfter: options.retryAfter }) });
  }

  /** Resolves once every webhook delivery under way has been answered or given up. */
  webhooksSettled(): Promise<void> {
    return this.delivery.idle();
  }

  get webhookDeliveries(): WebhookDelivery['log'] {
    return this.delivery.log;
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator');
    // Not Telegram's: lets the local gateway wait for the emulation like for any of its processes.
    if (request.method === 'GET' && url.pathname === '/health/ready') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (request.method === 'GET' && url.pathname === EMULATOR_RECEIVED_PATH) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sent: this.sent, refused: this.refused }));
      return;
    }
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file?.[1] && file[2]) return this.download(file[1], decodeURIComponent(file[2]), response);
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const body = await readBody(request, MAX_BODY_BYTES);
    if (!call?.[1] || !call[2]) return answer(response, refusal(404, 'Not Found'));
    const method = call[2].toLowerCase();
    const bot = this.byToken(call[1]);
    const outcome = bot === undefined ? refusal(401, 'Unauthorized') : await this.invoke(bot, method, url, request, body);
    if ('refusal' in outcome) this.refused.push({ bot: bot?.username, method, errorCode: outcome.refusal.errorCode, description: outcome.refusal.description });
    answer(response, outcome);
  }

  private async invoke(bot: EmulatedTelegramBot, method: string, url: URL, request: IncomingMessage, body: Buffer | undefined): Promise<TelegramApiAnswer> {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (body === undefined) return refusal(413, 'Request Entity Too Large');
    const params = parseParams(url, request.headers['content-type'], body);
    if (params === undefined) return refusal(400, "Bad Request: can't parse request parameters");
    const failure = this.failures.findIndex((planned) => planned.method === undefined || planned.method === method);
    if (failure >= 0) {
      const [planned] = this.failures.splice(failure, 1);
      if (planned?.errorCode === 429) return refusal(429, `Too Many Requests: retry after ${planned.retryAfter ?? 1}`, planned.retryAfter ?? 1);
      return refusal(planned?.errorCode ?? 500, planned?.errorCode === 502 ? 'Bad Gateway' : 'Internal Server Error');
    }
    const methods: Readonly<Record<string, Method>> = {
      getme: getMe,
      sendmessage: (target, given) => this.recordSent(target, sendMessage(target, given, this.now())),
      getfile: getFile,
      getupdates: getUpdates,
      setwebhook: (target, given) => {
        const outcome = setWebhook(target, given);
        this.delivery.kick(target);
        return outcome;
      },
      deletewebhook: deleteWebhook,
      getwebhookinfo: getWebhookInfo,
    };
    const handler = methods[method];
    return handler ? handler(bot, params) : refusal(404, 'Not Found');
  }

  private recordSent(bot: EmulatedTelegramBot, outcome: TelegramApiAnswer): TelegramApiAnswer {
    if ('result' in outcome) {
      const message = outcome.result as { message_id: number; chat: { id: number }; text: string; reply_to_message?: { message_id: number } };
      const replyTo = message.reply_to_message?.message_id;
      this.sent.push({ bot: bot.username, chatId: message.chat.id, messageId: message.message_id, text: message.text, ...(replyTo === undefined ? {} : { replyToMessageId: replyTo }) });
    }
    return outcome;
  }

  private download(token: string, filePath: string, response: ServerResponse): void {
    const bot = this.byToken(token);
    if (bot === undefined) return answer(response, refusal(401, 'Unauthorized'));
    const file = [...bot.files.values()].find((candidate) => candidate.filePath === filePath);
    if (file === undefined) return answer(response, refusal(404, 'Not Found'));
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) }).end(file.bytes);
  }

  private byToken(token: string): EmulatedTelegramBot | undefined {
    const bot = this.bots.get(/^(\d+):/.exec(token)?.[1] ?? '');
    return bot?.token === token ? bot : undefined;
  }
}
