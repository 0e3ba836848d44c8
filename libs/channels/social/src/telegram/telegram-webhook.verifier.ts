import { createHash, timingSafeEqual } from 'node:crypto';
import { WebhookError, WebhookErrorCode, type WebhookRequest, type WebhookVerifierPort } from '@tributary/channel-kit';
import type { TelegramBot } from './telegram-bot';

export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * Telegram signs nothing: a webhook proves itself by the `secret_token` given to setWebhook, sent back
 * in X-Telegram-Bot-Api-Secret-Token. The bot is the last segment of the path (`…/telegram/<bot key>`),
 * and only that bot's secrets are accepted, so one tenant's secret cannot post updates as another
 * tenant's bot. Compared in constant time over digests of equal length, every secret of the bot
 * compared, so neither the timing nor the length of a guess tells anything.
 */
export class TelegramWebhookVerifier implements WebhookVerifierPort {
  constructor(
    private readonly bots: ReadonlyMap<string, Pick<TelegramBot, 'secretTokens'>>,
    /** e.g. https://social.example.com: TELEGRAM_WEBHOOK_BASE_URL, as registered with setWebhook. */
    readonly publicBaseUrl: string,
  ) {}

  verify(request: WebhookRequest): void {
    const botKey = telegramBotKeyOf(request.publicUrl);
    const bot = botKey === undefined ? undefined : this.bots.get(botKey);
    const received = request.headers[TELEGRAM_SECRET_HEADER];
    // A repeated header is refused rather than guessed at.
    if (typeof received !== 'string') throw refused('X-Telegram-Bot-Api-Secret-Token is missing or repeated');
    const secrets = bot?.secretTokens() ?? [];
    let matched = false;
    for (const secret of secrets) matched = sameSecret(received, secret) || matched;
    if (bot === undefined) throw refused(`no Telegram bot is configured under the path's last segment`);
    if (!matched) throw refused('X-Telegram-Bot-Api-Secret-Token does not match any secret token of this bot');
  }
}

/** The bot key a webhook URL names: its last path segment, e.g. `acme_support_bot` in `/telegram/acme_support_bot`. */
export function telegramBotKeyOf(publicUrl: string): string | undefined {
  try {
    const segments = new URL(publicUrl).pathname.split('/').filter((segment) => segment !== '');
    const last = segments.at(-1);
    return last === undefined ? undefined : decodeURIComponent(last);
  } catch {
    return undefined;
  }
}

function sameSecret(received: string, expected: string): boolean {
  return timingSafeEqual(digest(received), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function refused(message: string): WebhookError {
  return new WebhookError(WebhookErrorCode.SignatureInvalid, message);
}
