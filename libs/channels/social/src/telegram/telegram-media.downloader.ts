import { MediaFetchError, MediaFetchErrorCode, type FetchedMedia, type MediaDownloaderPort, type MediaFetchCallOptions, type MediaFetcher } from '@tributary/channel-kit';
import { z } from 'zod';
import type { TelegramBot } from './telegram-bot';
import { parseTelegramFileLocator } from './telegram-file-locator.util';

/** The kit fetcher's policy name for Telegram (hosts: the API root's; no credential headers, the token is in the path). */
export const TELEGRAM_MEDIA_PROVIDER = 'telegram';

const GetFileSchema = z.object({
  ok: z.literal(true),
  result: z.object({ file_id: z.string(), file_size: z.number().int().nonnegative().optional(), file_path: z.string().min(1).max(1024).optional() }),
});

export interface TelegramMediaDownloaderOptions {
  /** e.g. https://api.telegram.org (no trailing slash). */
  readonly apiRoot: string;
  /** By bot id, the number a file locator names. */
  readonly bots: ReadonlyMap<string, Pick<TelegramBot, 'botId' | 'token'>>;
}

/**
 * Telegram files in two steps under the kit fetcher's `telegram` policy (host allow-list, size,
 * types, one deadline): `getFile` answers with a `file_path`, valid for at least an hour, which is
 * then fetched from `{apiRoot}/file/bot<token>/<file_path>`. Both URLs carry the bot token, so
 * neither leaves this class: the queue holds a token-free locator, and the kit's MediaFetchError
 * names only the host. A retry starts again from getFile, so an expired path never fails it.
 */
export class TelegramMediaDownloader implements MediaDownloaderPort {
  constructor(
    private readonly fetcher: MediaFetcher,
    private readonly options: TelegramMediaDownloaderOptions,
  ) {}

  async fetchToBlob(provider: string, locator: string, call: MediaFetchCallOptions = {}): Promise<FetchedMedia> {
    const file = parseTelegramFileLocator(locator);
    const bot = file ? this.options.bots.get(file.botId) : undefined;
    if (file === undefined || bot === undefined) {
      throw new MediaFetchError(MediaFetchErrorCode.InvalidUrl, file ? `bot ${file.botId} is not configured (TELEGRAM_BOTS)` : 'not a Telegram file locator', { provider });
    }
    const botRoot = `${this.options.apiRoot}/bot${bot.token()}`;
    let answer: unknown;
    try {
      answer = await this.fetcher.fetchJson(provider, `${botRoot}/getFile?file_id=${encodeURIComponent(file.fileId)}`, call);
    } catch (error) {
      // getFile refuses an unknown file_id, or a file over 20 MB, with 400: no retry changes that.
      if (error instanceof MediaFetchError && error.status === 400) throw new MediaFetchError(MediaFetchErrorCode.Gone, 'getFile refused the file (400: an unknown file_id, or a file over the 20 MB bots may download)', { provider, ...hostOf(this.options.apiRoot), status: 400 });
      throw error;
    }
    const info = GetFileSchema.safeParse(answer);
    if (!info.success || info.data.result.file_path === undefined) {
      throw new MediaFetchError(MediaFetchErrorCode.InvalidResponse, 'getFile answered without a file_path', { provider, ...hostOf(this.options.apiRoot) });
    }
    const path = info.data.result.file_path.split('/').map(encodeURIComponent).join('/');
    return this.fetcher.fetchToBlob(provider, `${this.options.apiRoot}/file/bot${bot.token()}/${path}`, call);
  }
}

function hostOf(url: string): { host?: string } {
  try {
    return { host: new URL(url).host };
  } catch {
    return {};
  }
}
