import type { FetchedMedia, MediaFetchCallOptions } from './media.fetcher';
import type { MediaDownloaderPort } from './media-downloader.port';
import { MediaFetchErrorCode } from './media-fetch-error-code';
import { MediaFetchError } from './media-fetch.error';

/**
 * One downloader per provider behind one port, for an app that serves several providers (WhatsApp
 * and Telegram in social-ingest) with one media retry queue: each queued entry names its provider,
 * and its retry goes to that provider's downloader (its own two-step download, its own credentials).
 */
export class ProviderMediaDownloaders implements MediaDownloaderPort {
  private readonly byProvider: ReadonlyMap<string, MediaDownloaderPort>;

  constructor(downloaders: Readonly<Record<string, MediaDownloaderPort>>) {
    this.byProvider = new Map(Object.entries(downloaders));
  }

  fetchToBlob(provider: string, url: string, call?: MediaFetchCallOptions): Promise<FetchedMedia> {
    const downloader = this.byProvider.get(provider);
    // A queued entry of a provider no longer configured: nothing here can ever fetch it, so it is final.
    if (downloader === undefined) return Promise.reject(new MediaFetchError(MediaFetchErrorCode.InvalidUrl, `no downloader for provider ${provider} is configured`, { provider }));
    return downloader.fetchToBlob(provider, url, call);
  }
}
