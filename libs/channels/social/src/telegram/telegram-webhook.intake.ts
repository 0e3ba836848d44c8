import { inboundHandoffRecord, WebhookError, WebhookErrorCode, type DurableHandoff, type MediaIntake } from '@tributary/channel-kit';
import type { TelegramBot } from './telegram-bot';
import { normalizeTelegramUpdate } from './telegram-update.normalizer';
import { TelegramUpdateSchema, type TelegramUpdate } from './telegram-update.schema';

export interface TelegramWebhookIntakeOptions {
  /** By key (username or id): the webhook path's last segment. */
  readonly bots: ReadonlyMap<string, Pick<TelegramBot, 'key' | 'botId' | 'tenantId'>>;
  readonly now?: () => Date;
}

export interface TelegramUpdateOutcome {
  readonly updateId: number;
  /** 1 when a message was handed off, 0 when the update carries none Tributary reads. */
  readonly handedOff: 0 | 1;
  readonly ignored?: string;
}

/**
 * One Telegram update, from a webhook (`receive`) or from long polling (`receiveUpdate`), handed off
 * before it is acknowledged: the webhook's 200 and the poller's checkpoint both come after the
 * hand-off. Its files are fetched first (through getFile) within the media deadline; what a retry may
 * cure is announced pending. Repeats are harmless: every id is derived from Telegram's.
 */
export class TelegramWebhookIntake {
  private readonly now: () => Date;

  constructor(
    private readonly handoff: DurableHandoff,
    private readonly media: MediaIntake,
    private readonly options: TelegramWebhookIntakeOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** A verified webhook's body for the bot its path names; a body that is not an Update is refused (400). */
  async receive(botKey: string, body: unknown): Promise<TelegramUpdateOutcome> {
    const bot = this.options.bots.get(botKey);
    // The verifier already refused unknown bots; this guards a route wired without it.
    if (bot === undefined) throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'no Telegram bot is configured under this path');
    const update = TelegramUpdateSchema.safeParse(body);
    if (!update.success) {
      const issue = update.error.issues[0];
      throw new WebhookError(WebhookErrorCode.PayloadInvalid, `not a Telegram Update: ${issue ? `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}` : 'invalid'}`);
    }
    return await this.receiveUpdate(bot, update.data);
  }

  async receiveUpdate(bot: Pick<TelegramBot, 'key' | 'botId' | 'tenantId'>, update: TelegramUpdate): Promise<TelegramUpdateOutcome> {
    const normalized = normalizeTelegramUpdate(update, { bot, receivedAt: this.now() });
    if (normalized.kind === 'ignored') return { updateId: update.update_id, handedOff: 0, ignored: normalized.reason };
    const { message } = normalized;
    // Returns once the retries it needs are queued: the message may say "pending" only after that.
    const collected = await this.media.collect(
      { messageId: message.messageId, tenantId: message.tenantId, channel: 'telegram', provider: 'telegram', traceId: message.traceId },
      normalized.media,
    );
    await this.handoff.handOff(
      inboundHandoffRecord({
        ...message,
        attachments: collected.attachments,
        ...(collected.pendingAttachments.length > 0 ? { pendingAttachments: collected.pendingAttachments } : {}),
      }),
    );
    return { updateId: update.update_id, handedOff: 1 };
  }
}
