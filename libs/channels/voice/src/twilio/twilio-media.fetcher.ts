import type { BlobStore, StoredBlob } from '@tributary/platform-blob-store';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { TwilioMediaFetchError } from './twilio-media-fetch.error';

export interface FetchedMedia extends StoredBlob {
  readonly contentType: string;
}

export interface TwilioMediaFetcherOptions {
  readonly accountSid: string;
  readonly authToken: string;
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/**
 * Copies MMS media and call recordings from Twilio (HTTP basic auth with the account credentials, as
 * Twilio requires when media protection is on) straight into the blob store, streaming, so the bytes
 * never sit in memory whole and never travel on Kafka.
 */
export class TwilioMediaFetcher {
  constructor(
    private readonly blobs: BlobStore,
    private readonly options: TwilioMediaFetcherOptions,
  ) {}

  async fetchToBlob(url: string): Promise<FetchedMedia> {
    const credentials = Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64');
    const response = await fetch(url, {
      headers: { authorization: `Basic ${credentials}` },
      redirect: 'follow',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok || !response.body) throw new TwilioMediaFetchError(response.status, url);
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream';
    const stored = await this.blobs.put(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), { maxBytes: this.options.maxBytes });
    return { ...stored, contentType };
  }
}
