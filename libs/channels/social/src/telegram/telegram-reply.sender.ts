import type { ChannelSender } from '@tributary/channel-kit';
import { stableUuid, type DeliveryError, type DeliveryStatusV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { Telegram } from 'telegraf';
import type { TelegramBot } from './telegram-bot';
import { TelegramApiError, TelegramApiErrorCode, telegramApiErrorOf, telegramRefusalOf } from './telegram-api.error';
import { telegramDeliveryFailure } from './telegram-delivery-failure.util';
import { telegrafSignal } from './telegraf-signal.util';

/** Past this a call is abandoned and the reply retried, rather than holding the reply loop (telegraf's own is 500 s). */
const TIMEOUT_MS = 10_000;
/** A flood-control wait up to this long is sat out here; a longer one fails the attempt so the reply loop retries later. */
const DEFAULT_MAX_WAIT_MS = 5_000;

export interface TelegramReplySenderOptions {
  /** e.g. https://api.telegram.org; the local emulation in tests. */
  readonly apiRoot: string;
  /** By key: a reply's `from.address` is the inbox it answers, the bot's key. */
  readonly bots: ReadonlyMap<string, TelegramBot>;
  readonly now?: () => Date;
  readonly maxWaitMs?: number;
}

/**
 * Sends an agent's reply with telegraf's `Telegram` client (`webhookReply: false`, so every call is a
 * real request whose answer we read; `apiRoot` from configuration). telegraf rather than plain fetch:
 * it is the project's named client, and its TelegramError carries Telegram's code, description and
 * `retry_after` as sent. The reply quotes the customer's message (`reply_parameters`), and is still
 * sent if that message is gone (`allow_sending_without_reply`): the answer matters more than the quote.
 *
 * Refusals about the customer are `failed` with a code the ticket shows (TELEGRAM_BOT_BLOCKED: the
 * contact blocked the bot and cannot be reached this way; no retry would change that). Our side and
 * passing trouble throw TelegramApiError, so the reply is retried: 401 (our token), 429 (its
 * `retryAfterMs` is kept, and the next send to that bot waits it out first), 5xx and the network.
 */
export class TelegramReplySender implements ChannelSender {
  readonly channels = ['telegram'] as const;
  readonly provider = 'telegram' as const;
  private readonly clients = new Map<string, Telegram>();
  /** Per bot: Telegram's flood control says no call before this time. */
  private readonly notBefore = new Map<string, number>();
  private readonly now: () => Date;

  constructor(private readonly options: TelegramReplySenderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async send(outbound: OutboundMessageV1Message): Promise<DeliveryStatusV1Message> {
    const bot = this.options.bots.get(outbound.from.address);
    if (bot === undefined || bot.tenantId !== outbound.tenantId) {
      return this.status(outbound, 'failed', undefined, { code: 'UNKNOWN_SENDER', message: `${outbound.from.address} is not a Telegram bot of tenant ${outbound.tenantId} (TELEGRAM_BOTS)` });
    }
    if (outbound.to.kind !== 'telegram') {
      return this.status(outbound, 'failed', undefined, { code: 'INVALID_RECIPIENT', message: `cannot reach a ${outbound.to.kind} identity through Telegram` });
    }
    // The chat the customer wrote in (a group, or the private chat whose id is the user's).
    const chatId = outbound.thread.conversationId ?? outbound.to.value;
    if (!/^-?\d{1,20}$/.test(chatId)) return this.status(outbound, 'failed', undefined, { code: 'INVALID_RECIPIENT', message: `${chatId} is not a Telegram chat id` });
    await this.waitOutFloodControl(bot.key);
    const answered = answeredMessageId(outbound, chatId);
    try {
      const sent = await this.client(bot).callApi(
        'sendMessage',
        { chat_id: chatId, text: outbound.text, ...(answered === undefined ? {} : { reply_parameters: { message_id: answered, allow_sending_without_reply: true } }) },
        { signal: telegrafSignal(AbortSignal.timeout(TIMEOUT_MS)) },
      );
      return this.status(outbound, 'sent', `${chatId}:${sent.message_id}`);
    } catch (error) {
      const refusal = telegramRefusalOf(error);
      const failure = refusal && telegramDeliveryFailure(refusal);
      if (failure) return this.status(outbound, 'failed', undefined, failure);
      const apiError = telegramApiErrorOf('sendMessage', error);
      if (apiError.retryAfterMs !== undefined) this.notBefore.set(bot.key, this.now().getTime() + apiError.retryAfterMs);
      throw apiError;
    }
  }

  private async waitOutFloodControl(botKey: string): Promise<void> {
    const until = this.notBefore.get(botKey);
    const waitMs = until === undefined ? 0 : until - this.now().getTime();
    if (waitMs <= 0) return;
    if (waitMs > (this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS)) {
      throw new TelegramApiError(TelegramApiErrorCode.RateLimited, `Telegram's flood control holds bot ${botKey} for another ${Math.ceil(waitMs / 1000)} s`, waitMs);
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }

  private client(bot: TelegramBot): Telegram {
    let client = this.clients.get(bot.key);
    if (client === undefined) {
      client = new Telegram(bot.token(), { apiRoot: this.options.apiRoot, webhookReply: false });
      this.clients.set(bot.key, client);
    }
    return client;
  }

  private status(outbound: OutboundMessageV1Message, state: 'sent' | 'failed', providerMessageId?: string, error?: DeliveryError): DeliveryStatusV1Message {
    return {
      schemaVersion: 1,
      statusId: stableUuid('telegram-send', outbound.outboundId, state),
      outboundId: outbound.outboundId,
      tenantId: outbound.tenantId,
      ticketId: outbound.ticketId,
      channel: 'telegram',
      provider: 'telegram',
      ...(providerMessageId ? { providerMessageId } : {}),
      // Telegram reports nothing after the send: a message it accepted is in the chat.
      state,
      ...(error ? { error } : {}),
      occurredAt: this.now().toISOString(),
      traceId: outbound.traceId,
    };
  }
}

/** The customer message the reply quotes: `answering` as the normalizer wrote it (`<chat id>:<message id>`), in this chat. */
function answeredMessageId(outbound: OutboundMessageV1Message, chatId: string): number | undefined {
  const match = /^(-?\d{1,20}):(\d{1,20})$/.exec(outbound.answering?.providerMessageId ?? '');
  return match?.[1] === chatId && match[2] ? Number(match[2]) : undefined;
}
