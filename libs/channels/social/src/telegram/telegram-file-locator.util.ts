/**
 * Where a Telegram file is, without the bot token: `telegram-file:<bot id>/<file_id>`. It is what the
 * kit's retry queue stores (in PostgreSQL) and hands back to the downloader, which alone puts the
 * token into the getFile and download URLs, so the token is never written to the database or a log.
 */
const LOCATOR = /^telegram-file:(\d{1,20})\/([A-Za-z0-9_-]{1,512})$/;

export function telegramFileLocator(botId: string, fileId: string): string {
  return `telegram-file:${botId}/${fileId}`;
}

export function parseTelegramFileLocator(locator: string): { readonly botId: string; readonly fileId: string } | undefined {
  const match = LOCATOR.exec(locator);
  return match?.[1] && match[2] ? { botId: match[1], fileId: match[2] } : undefined;
}
