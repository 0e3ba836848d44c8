import type { ConfigProblem } from '@tributary/platform-config';
import type { TelegramBot } from './telegram-bot';
import type { TelegramConfig } from './telegram-config.schema';

export interface ResolvedTelegramBots {
  /** By key (username or id), as webhooks and replies name them. */
  readonly bots: ReadonlyMap<string, TelegramBot>;
  readonly problems: readonly ConfigProblem[];
}

/**
 * The configured bots with their tokens and secret tokens, and every way the variables disagree,
 * each naming the variable to fix (never a secret's value): a bot without a token, a token or
 * secret for no configured bot (a typo would otherwise go unnoticed until a customer writes), a
 * username without its id, webhook mode without a public URL or a secret per bot.
 */
export function resolveTelegramBots(config: TelegramConfig): ResolvedTelegramBots {
  const problems: ConfigProblem[] = [];
  const entries = Object.entries(config.TELEGRAM_BOTS ?? {});
  if (entries.length === 0) return { bots: new Map(), problems };
  const tokens = byBotId(config.TELEGRAM_BOT_TOKENS ?? [], ':');
  const secrets = byBotId(config.TELEGRAM_WEBHOOK_SECRET_TOKENS ?? [], '_');
  const bots = new Map<string, TelegramBot>();
  const seenIds = new Set<string>();
  for (const [key, entry] of entries) {
    const botId = entry.botId ?? (/^\d+$/.test(key) ? key : undefined);
    if (botId === undefined) {
      problems.push({ variable: 'TELEGRAM_BOTS', message: `bot ${key} is a username: give its "botId" (the digits before the colon of its token)` });
      continue;
    }
    if (seenIds.has(botId)) problems.push({ variable: 'TELEGRAM_BOTS', message: `bot id ${botId} is configured twice` });
    seenIds.add(botId);
    const botTokens = tokens.get(botId) ?? [];
    if (botTokens.length !== 1) problems.push({ variable: 'TELEGRAM_BOT_TOKENS', message: `needs exactly one token starting with ${botId}: (bot ${key}), found ${botTokens.length}` });
    const botSecrets = secrets.get(botId) ?? [];
    if (config.TELEGRAM_MODE === 'webhook' && botSecrets.length === 0) {
      problems.push({ variable: 'TELEGRAM_WEBHOOK_SECRET_TOKENS', message: `needs a secret token starting with ${botId}_ (bot ${key}) in webhook mode` });
    }
    const token = botTokens[0] ?? '';
    bots.set(key, { key, botId, tenantId: entry.tenantId, token: () => token, secretTokens: () => botSecrets });
  }
  for (const id of tokens.keys()) if (!seenIds.has(id)) problems.push({ variable: 'TELEGRAM_BOT_TOKENS', message: `holds a token for bot id ${id}, which TELEGRAM_BOTS does not name` });
  for (const id of secrets.keys()) if (!seenIds.has(id)) problems.push({ variable: 'TELEGRAM_WEBHOOK_SECRET_TOKENS', message: `holds a secret for bot id ${id}, which TELEGRAM_BOTS does not name` });
  if (config.TELEGRAM_MODE === 'webhook' && config.TELEGRAM_WEBHOOK_BASE_URL === undefined) {
    problems.push({ variable: 'TELEGRAM_WEBHOOK_BASE_URL', message: 'is required in webhook mode (set TELEGRAM_MODE=polling where Telegram cannot reach this deployment)' });
  }
  return { bots, problems };
}

/** Entries grouped by the bot id they start with (validated by the schema). */
function byBotId(entries: readonly string[], separator: ':' | '_'): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const entry of entries) {
    const id = entry.slice(0, entry.indexOf(separator));
    grouped.set(id, [...(grouped.get(id) ?? []), entry]);
  }
  return grouped;
}
