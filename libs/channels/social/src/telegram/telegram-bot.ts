/** One configured bot, resolved from TELEGRAM_BOTS and the two secret lists. */
export interface TelegramBot {
  /** The key in TELEGRAM_BOTS (username or id): the webhook path, the inbox address, a reply's `from.address`. */
  readonly key: string;
  /** The numeric id before the colon of its token; stable when a username changes, so it keys dedupe and checkpoints. */
  readonly botId: string;
  readonly tenantId: string;
  /** A function, not a field, so logging the bot object never prints the token. */
  readonly token: () => string;
  /** Accepted in X-Telegram-Bot-Api-Secret-Token (several while one is rotated); the first is registered. */
  readonly secretTokens: () => readonly string[];
}
