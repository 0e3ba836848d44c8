import { MediaFetchError, MediaFetchErrorCode, type FetchedMedia, type MediaDownloaderPort, type MediaFetchCallOptions, type MediaFetcher } from '@tributary/channel-kit';
import { z } from 'zod';

export const WHATSAPP_MEDIA_PROVIDER = 'whatsapp-cloud';

const MediaInfoSchema = z.object({ url: z.string().min(1).max(4096) });

/**
 * WhatsApp media in two steps, each under the kit fetcher's policy for `whatsapp-cloud` (hosts,
 * Bearer token only to those hosts, size, types, one deadline): the media's Graph URL answers with a
 * download URL valid for five minutes, which is then fetched with the same token. Retries start again
 * from the Graph URL, so an expired download URL never fails a retry.
 */
export class WhatsappMediaDownloader implements MediaDownloaderPort {
  constructor(private readonly fetcher: MediaFetcher) {}

  async fetchToBlob(provider: string, graphMediaUrl: string, call: MediaFetchCallOptions = {}): Promise<FetchedMedia> {
    const info = MediaInfoSchema.safeParse(await this.fetcher.fetchJson(provider, graphMediaUrl, call));
    if (!info.success) {
      throw new MediaFetchError(MediaFetchErrorCode.InvalidResponse, 'the media id did not answer with a download URL', { provider, host: hostOf(graphMediaUrl) });
    }
    return this.fetcher.fetchToBlob(provider, info.data.url, call);
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
