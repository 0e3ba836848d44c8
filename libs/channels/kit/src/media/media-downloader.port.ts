import type { FetchedMedia, MediaFetchCallOptions } from './media.fetcher';

/**
 * Copies one provider's media into the blob store; every failure is a MediaFetchError. The kit's
 * MediaFetcher is one; a provider adapter may hand out its own (with its policy built in).
 */
export interface MediaDownloaderPort {
  fetchToBlob(provider: string, url: string, call?: MediaFetchCallOptions): Promise<FetchedMedia>;
}
