import { Telegram } from 'telegraf';
import type { TelegramBot } from './telegram-bot';
import { telegramApiErrorOf } from './telegram-api.error';
import { telegrafSignal } from './telegraf-signal.util';

export interface TelegramWebhookRegistrarOptions {
  readonly apiRoot: string;
  /** TELEGRAM_WEBHOOK_BASE_URL: what Telegram calls, before any TLS-terminating proxy. */
  readonly webhookBaseUrl: string;
  /** The route the lead's controller serves, before `/<bot key>` (default `/telegram/webhook`). */
  readonly pathPrefix?: string;
}

/** Each bot's webhook URL: the base URL, the route, and the bot key as the last segment (what the verifier reads). */
export function telegramWebhookUrl(options: Pick<TelegramWebhookRegistrarOptions, 'webhookBaseUrl' | 'pathPrefix'>, botKey: string): string {
  return `${options.webhookBaseUrl}${options.pathPrefix ?? '/telegram/webhook'}/${encodeURIComponent(botKey)}`;
}

/**
 * Points each bot's webhook at this deployment with its first secret token, asking only for the
 * update kinds Tributary reads. setWebhook is idempotent, so every replica may call it at boot; it
 * keeps the updates Telegram holds (no drop_pending_updates), so nothing written while the URL
 * changed is lost. Rotating a secret: add the new one second, deploy, move it first, deploy, remove
 * the old one: both are accepted while Telegram switches.
 */
export class TelegramWebhookRegistrar {
  constructor(private readonly options: TelegramWebhookRegistrarOptions) {}

  async register(bot: TelegramBot): Promise<void> {
    const [secret] = bot.secretTokens();
    if (secret === undefined) throw new Error(`bot ${bot.key} has no webhook secret token (TELEGRAM_WEBHOOK_SECRET_TOKENS)`);
    const client = new Telegram(bot.token(), { apiRoot: this.options.apiRoot, webhookReply: false });
    try {
      await client.callApi(
        'setWebhook',
        { url: telegramWebhookUrl(this.options, bot.key), secret_token: secret, allowed_updates: ['message', 'edited_message'] },
        { signal: telegrafSignal(AbortSignal.timeout(10_000)) },
      );
    } catch (error) {
      throw telegramApiErrorOf('setWebhook', error);
    }
  }
}
