import { TenantIdSchema } from '@tributary/contracts';
import { jsonSetting, secret } from '@tributary/platform-config';
import { z } from 'zod';

const baseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/** A bot's username (5-32 characters, as BotFather allows) or its numeric id. */
export const TELEGRAM_BOT_KEY = /^(\d{1,20}|[A-Za-z][A-Za-z0-9_]{4,31})$/;
/** BotFather's token: the bot's id, a colon, then the secret part. The id is how a token finds its bot. */
export const TELEGRAM_BOT_TOKEN = /^(\d{1,20}):[A-Za-z0-9_-]{20,128}$/;
/**
 * A webhook secret token as this deployment writes it: the bot's id, `_`, then at least 24 random
 * characters, all from Telegram's own alphabet for `secret_token` (A-Z a-z 0-9 _ -, at most 256). The
 * configured entry is thus exactly the header value, so the logger masks it whole wherever it shows up.
 */
export const TELEGRAM_SECRET_TOKEN = /^(\d{1,20})_[A-Za-z0-9_-]{24,235}$/;


function commaList(entry: RegExp, message: string): z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<string[], string>>, z.ZodArray<z.ZodString>> {
  return z
    .string()
    .transform((raw) => raw.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    // The message never repeats the value: it is a secret.
    .pipe(z.array(z.string().regex(entry, message)).min(1, 'must name at least one entry'));
}

export const TelegramBotEntrySchema = z.object({
  tenantId: TenantIdSchema,
  /** The bot's numeric id (the part of its token before the colon); required when the key is a username. */
  botId: z.string().regex(/^\d{1,20}$/, 'must be the bot id (digits)').optional(),
});
export type TelegramBotEntry = z.infer<typeof TelegramBotEntrySchema>;

/**
 * Telegram's variables. Tokens and webhook secrets are lists inside two `secret()` variables rather
 * than one variable per bot named in TELEGRAM_BOTS: a variable the schema does not declare is not
 * known to be secret, so the logger could not mask it. Each entry names its bot by the id it starts
 * with, so the lists need no order and a bot is added by appending one entry to each.
 */
export const telegramConfigShape = {
  TELEGRAM_BOTS: jsonSetting(z.record(z.string().regex(TELEGRAM_BOT_KEY, 'keys must be bot usernames or bot ids'), TelegramBotEntrySchema))
    .optional()
    .describe('JSON object from each bot username (or id) to {"tenantId", "botId"?: digits, required for a username}; unset turns Telegram off'),
  TELEGRAM_BOT_TOKENS: secret(
    commaList(TELEGRAM_BOT_TOKEN, 'each entry must be a BotFather token (<bot id>:<secret>)')
      .optional()
      .describe('Comma-separated BotFather tokens, one per bot in TELEGRAM_BOTS (matched by the bot id before the colon)'),
  ),
  TELEGRAM_WEBHOOK_SECRET_TOKENS: secret(
    commaList(TELEGRAM_SECRET_TOKEN, 'each entry must be <bot id>_<24+ characters of A-Z a-z 0-9 _ ->')
      .optional()
      .describe('Comma-separated webhook secret tokens, each <bot id>_<random>; two for one bot while one is rotated (webhook mode)'),
  ),
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook').describe('webhook (Telegram calls TELEGRAM_WEBHOOK_BASE_URL) or polling (getUpdates, for deployments without a public URL)'),
  TELEGRAM_API_ROOT: baseUrl.default('https://api.telegram.org').describe('Bot API root (a local emulation in tests and ./tributary start)'),
  TELEGRAM_WEBHOOK_BASE_URL: baseUrl.optional().describe('Public base URL Telegram calls in webhook mode (before any TLS-terminating proxy)'),
  TELEGRAM_POLL_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(50).default(25).describe('Long-polling timeout of each getUpdates call (polling mode)'),
  TELEGRAM_MEDIA_DEADLINE_MS: z.coerce.number().int().min(100).max(30_000).default(8_000).describe("Time an update's files may take before they are retried in the background"),
};

export type TelegramConfig = z.infer<z.ZodObject<typeof telegramConfigShape>>;
