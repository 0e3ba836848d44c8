import { isLoopbackHost, MediaFetcher, type MediaDownloaderPort, type MediaFetchCallOptions, type MediaFetchError } from '@tributary/channel-kit';
import type { BlobStore, StoredBlob } from '@tributary/platform-blob-store';

export interface FetchedMedia extends StoredBlob {
  readonly contentType: string;
}

export interface TwilioMediaFetcherOptions {
  readonly accountSid: string;
  readonly authToken: string;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  /**
   * TWILIO_API_BASE_URL (default https://api.twilio.com): its host gets the credentials too, beside
   * api.twilio.com. Plain http is accepted only for a loopback host (the local Twilio emulation).
   */
  readonly apiBaseUrl?: string;
  /** Media types kept (default: what Twilio accepts for MMS, plus any audio for recordings). */
  readonly contentTypes?: readonly string[];
  /** Told of every failed download, whatever the caller then does with it. */
  readonly onFailure?: (error: MediaFetchError) => void;
}

const PROVIDER = 'twilio';
const TWILIO_API_HOST = 'api.twilio.com';
/**
 * Where Twilio redirects a media or recording URL: a pre-signed, short-lived URL on its CDN
 * (mms.twiliocdn.com / media.twiliocdn.com when HTTP auth on media is enforced) or, for media stored
 * before that, s3-external-1.amazonaws.com. The signature in the URL is the authorization there, so
 * these hosts never get the account credentials (S3 refuses a request that carries both anyway).
 */
const TWILIO_MEDIA_CDN_HOSTS = ['*.twiliocdn.com', 's3-external-1.amazonaws.com'];
/** Twilio's documented accepted MMS types, by family where it accepts the whole family; recordings are audio. */
const TWILIO_MEDIA_TYPES = [
  'image/*',
  'audio/*',
  'video/*',
  'text/vcard',
  'text/x-vcard',
  'text/csv',
  'text/rtf',
  'text/richtext',
  'text/calendar',
  'text/directory',
  'application/pdf',
  'application/vcard',
  'application/vnd.apple.pkpass',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

/**
 * MMS media and call recordings from Twilio into the blob store, through the channel kit's
 * MediaFetcher: the account credentials (HTTP basic, as Twilio requires when media protection is on)
 * go only to Twilio's API host, a redirect to its CDN is followed without them, and anything else a
 * webhook might name is refused. Failures are MediaFetchErrors (`status` 404/410 for gone).
 */
export class TwilioMediaFetcher {
  private readonly fetcher: MediaFetcher;

  constructor(blobs: BlobStore, options: TwilioMediaFetcherOptions) {
    const base = new URL(options.apiBaseUrl ?? `https://${TWILIO_API_HOST}`);
    if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopbackHost(base.hostname))) {
      throw new Error(`Twilio media is fetched over https only (plain http for a loopback emulation): ${base.origin}`);
    }
    const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    this.fetcher = new MediaFetcher(blobs, {
      policies: [
        {
          provider: PROVIDER,
          credentialHosts: [...new Set([TWILIO_API_HOST, base.host])],
          hosts: TWILIO_MEDIA_CDN_HOSTS,
          credentials: () => ({ authorization }),
          contentTypes: options.contentTypes ?? TWILIO_MEDIA_TYPES,
          maxBytes: options.maxBytes,
          timeoutMs: options.timeoutMs,
          allowHttpOnLoopback: base.protocol === 'http:',
        },
      ],
      ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    });
  }

  fetchToBlob(url: string, call: MediaFetchCallOptions = {}): Promise<FetchedMedia> {
    return this.fetcher.fetchToBlob(PROVIDER, url, call);
  }

  /** The same fetcher for the kit's media intake and retry worker, which name the provider (`twilio`) per entry. */
  get downloader(): MediaDownloaderPort {
    return this.fetcher;
  }
}
