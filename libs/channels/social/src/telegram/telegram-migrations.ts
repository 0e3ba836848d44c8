import { TelegramPollCheckpoints1796400000450 } from './1796400000450-telegram-poll-checkpoints.migration';

/** Telegram's tables in social-ingest's database, to be listed after the channel kit's by its migrate command. */
export const TELEGRAM_MIGRATIONS = [TelegramPollCheckpoints1796400000450];
