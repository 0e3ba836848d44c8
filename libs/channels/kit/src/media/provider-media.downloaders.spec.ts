import type { FetchedMedia } from './media.fetcher';
import { MediaFetchError } from './media-fetch.error';
import { ProviderMediaDownloaders } from './provider-media.downloaders';

const fetched = (storageUri: string): FetchedMedia => ({ storageUri, sha256: 'a'.repeat(64), sizeBytes: 1, contentType: 'image/png' });

describe('ProviderMediaDownloaders', () => {
  it("hands each fetch to its provider's downloader", async () => {
    const asked: string[] = [];
    const downloaders = new ProviderMediaDownloaders({
      'whatsapp-cloud': { fetchToBlob: (provider, url) => Promise.resolve(fetched(`${provider}:${url}`)).finally(() => asked.push('whatsapp')) },
      telegram: { fetchToBlob: (provider, url) => Promise.resolve(fetched(`${provider}:${url}`)).finally(() => asked.push('telegram')) },
    });
    await expect(downloaders.fetchToBlob('telegram', 'telegram-file:1/abc')).resolves.toMatchObject({ storageUri: 'telegram:telegram-file:1/abc' });
    expect(asked).toEqual(['telegram']);
  });

  it('fails a provider with no downloader as a final (not retryable) error', async () => {
    const error = await new ProviderMediaDownloaders({}).fetchToBlob('telegram', 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MediaFetchError);
    expect(error).toMatchObject({ retryable: false, provider: 'telegram' });
  });
});
