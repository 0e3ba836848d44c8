import { randomBytes } from 'node:crypto';
import { TelegramBotApiEmulator, type TelegramCustomer } from '@tributary/channel-social/testing';
import type { BenchWebhook, WebhookBatch } from './bench-webhook';
import { benchMessage } from './bench-message.text';
import { benchTenantId, PUBLIC_BASE_URL, UNREACHABLE_API, type ProviderWorkload } from './provider-workload';

const BOT_KEY = 'tributary_bench_bot';

/**
 * Telegram: one bot (by username, as deployments name them) for the run's tenant, and each message
 * a customer writes to it as the Update JSON Telegram posts, with the bot's secret token in
 * X-Telegram-Bot-Api-Secret-Token. The updates come from the Bot API emulation's customers (never
 * started: it only numbers them), so update_id grows per bot and message_id per chat as on Telegram.
 */
export function telegramWorkload(runId: string): ProviderWorkload {
  const tenantId = benchTenantId(runId, 'telegram');
  const botId = String(7_000_000_000 + Math.floor(Math.random() * 1e9));
  const token = `${botId}:${randomBytes(16).toString('hex')}`;
  const secretToken = `${botId}_${randomBytes(16).toString('hex')}`;
  const telegram = new TelegramBotApiEmulator({ bots: [{ token, username: BOT_KEY }] });
  const firstCustomerId = 900_000_000 + Math.floor(Math.random() * 1e8);
  return {
    provider: 'telegram',
    title: 'Telegram',
    requests: `Update JSON of a customer's text message, with the bot's X-Telegram-Bot-Api-Secret-Token, to /telegram/webhook/${BOT_KEY}`,
    retriedBy: 'Telegram',
    tenantId,
    env: {
      TELEGRAM_BOTS: JSON.stringify({ [BOT_KEY]: { tenantId, botId } }),
      TELEGRAM_BOT_TOKENS: token,
      TELEGRAM_WEBHOOK_SECRET_TOKENS: secretToken,
      TELEGRAM_API_ROOT: UNREACHABLE_API,
      TELEGRAM_WEBHOOK_BASE_URL: PUBLIC_BASE_URL,
    },
    webhookPath: `/telegram/webhook/${BOT_KEY}`,
    webhooks: (batch: WebhookBatch): BenchWebhook[] => {
      const customers: TelegramCustomer[] = Array.from({ length: batch.senders }, (_, index) => ({ id: firstCustomerId + index, firstName: 'Kundin', lastName: `${index} Müller`, languageCode: 'de' }));
      return Array.from({ length: batch.count }, (_, index) => {
        const { tag, text } = benchMessage(batch.label, index);
        const update = telegram.customers.sends(BOT_KEY, customers[index % customers.length] as TelegramCustomer, { text });
        // Telegram's webhook bodies are plain JSON (UTF-8, nothing escaped), as postTelegramUpdate sends them.
        return { rawBody: Buffer.from(JSON.stringify(update), 'utf8'), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretToken }, tag };
      });
    },
  };
}
