/** Why a media fetch failed. `MediaFetchError.retryable` says whether asking again later can help. */
export enum MediaFetchErrorCode {
  /** Not an absolute http(s) URL, or one carrying a user name or password. */
  InvalidUrl = 'INVALID_URL',
  /** The host (first or after a redirect) is not on the provider's allow-list. */
  HostNotAllowed = 'HOST_NOT_ALLOWED',
  /** Plain http to a host that is not loopback, or loopback http the policy does not allow. */
  SchemeNotAllowed = 'SCHEME_NOT_ALLOWED',
  TooManyRedirects = 'TOO_MANY_REDIRECTS',
  TooLarge = 'TOO_LARGE',
  TypeNotAllowed = 'TYPE_NOT_ALLOWED',
  /** The policy's per-fetch time ran out. */
  Timeout = 'TIMEOUT',
  /** The caller gave up (its signal aborted), e.g. the webhook's own deadline came first. */
  Aborted = 'ABORTED',
  /** 404 or 410: the provider says the media does not exist (any more). */
  Gone = 'GONE',
  /** Any other non-2xx answer; `status` holds it. */
  HttpStatus = 'HTTP_STATUS',
  /** A 2xx answer that cannot be what was asked for: a redirect without Location, JSON that does not parse. */
  InvalidResponse = 'INVALID_RESPONSE',
  /** DNS, connection refused or reset, TLS: the request or its body never completed. */
  Network = 'NETWORK',
  /** The bytes arrived but the blob store could not keep them. */
  Storage = 'STORAGE',
}
