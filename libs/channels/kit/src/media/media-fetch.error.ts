import { MediaFetchErrorCode } from './media-fetch-error-code';

export interface MediaFetchErrorDetails {
  readonly provider: string;
  /** The host of the request that failed; never the whole URL, as some carry secrets (Telegram's bot token). */
  readonly host?: string;
  /** The HTTP status, for GONE and HTTP_STATUS. */
  readonly status?: number;
  readonly cause?: unknown;
}

/**
 * A provider media download that did not end in the blob store. `retryable` tells a caller whether
 * to try again later (durably, not inside the webhook) or to give up and say so.
 */
export class MediaFetchError extends Error {
  readonly retryable: boolean;
  readonly provider: string;
  readonly host: string | undefined;
  readonly status: number | undefined;

  constructor(
    readonly code: MediaFetchErrorCode,
    message: string,
    details: MediaFetchErrorDetails,
  ) {
    super(`${details.provider} media${details.host ? ` from ${details.host}` : ''}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MediaFetchError';
    this.provider = details.provider;
    this.host = details.host;
    this.status = details.status;
    this.retryable = isRetryable(code, details.status);
  }
}

function isRetryable(code: MediaFetchErrorCode, status: number | undefined): boolean {
  switch (code) {
    case MediaFetchErrorCode.Timeout:
    case MediaFetchErrorCode.Aborted:
    case MediaFetchErrorCode.Network:
    case MediaFetchErrorCode.Storage:
      return true;
    case MediaFetchErrorCode.HttpStatus:
      // Overload and server trouble pass; any other 4xx (bad credentials, forbidden) answers the same next time.
      return status !== undefined && (status >= 500 || status === 408 || status === 425 || status === 429);
    case MediaFetchErrorCode.InvalidUrl:
    case MediaFetchErrorCode.HostNotAllowed:
    case MediaFetchErrorCode.SchemeNotAllowed:
    case MediaFetchErrorCode.TooManyRedirects:
    case MediaFetchErrorCode.TooLarge:
    case MediaFetchErrorCode.TypeNotAllowed:
    case MediaFetchErrorCode.Gone:
    case MediaFetchErrorCode.InvalidResponse:
      return false;
  }
}
