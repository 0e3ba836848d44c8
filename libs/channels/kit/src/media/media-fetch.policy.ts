import { hostMatchesPattern } from './host-pattern.util';
import { isLoopbackHost } from './loopback-host.util';
import { MediaFetchErrorCode } from './media-fetch-error-code';
import { MediaFetchError } from './media-fetch.error';

export type MediaCredentials = () => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;

/** How one provider's media may be fetched. Hosts are `api.example.com`, `*.example.com` or `host:port`. */
export interface MediaFetchPolicyOptions {
  /** Picks the policy and names the provider in errors: `twilio`, `whatsapp`, `telegram`, … */
  readonly provider: string;
  /** Hosts that may be asked and that receive `credentials` (over https, or http on loopback if allowed). */
  readonly credentialHosts: readonly string[];
  /** Further hosts that may be asked, never with credentials: the CDNs a provider redirects to. */
  readonly hosts?: readonly string[];
  /** Headers proving who we are (Basic for Twilio, Bearer for WhatsApp/Meta), asked per request so tokens may rotate. */
  readonly credentials?: MediaCredentials;
  /** Media types kept: `image/png`, `image/*`, or `*\/*` for anything (say so explicitly). */
  readonly contentTypes: readonly string[];
  readonly maxBytes: number;
  /** For the whole fetch: every hop, the body, and the blob store write. */
  readonly timeoutMs: number;
  /** Redirects followed before giving up (default 3). */
  readonly maxRedirects?: number;
  /**
   * Allow plain http to loopback hosts (a local emulation of the provider). Everything else is https
   * whatever this says, so a production configuration cannot downgrade by accident.
   */
  readonly allowHttpOnLoopback?: boolean;
}

const DEFAULT_MAX_REDIRECTS = 3;
const HOST_PATTERN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.?(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/;
const MEDIA_TYPE = /^([a-z0-9!#$&^_.+-]+|\*)\/([a-z0-9!#$&^_.+-]+|\*)$/;

/**
 * One provider's rules, checked when built (a bad policy stops the app at boot) and applied to each
 * hop of a fetch: which URLs may be asked at all, which get the credentials, which bodies are kept.
 */
export class MediaFetchPolicy {
  readonly provider: string;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  private readonly credentialHosts: readonly string[];
  private readonly hosts: readonly string[];
  private readonly contentTypes: readonly string[];

  constructor(private readonly options: MediaFetchPolicyOptions) {
    if (!options.provider) throw new Error('a media fetch policy needs a provider name');
    this.provider = options.provider;
    this.credentialHosts = options.credentialHosts.map((host) => validHost(options.provider, host));
    this.hosts = (options.hosts ?? []).map((host) => validHost(options.provider, host));
    this.contentTypes = options.contentTypes.map((type) => validType(options.provider, type));
    this.maxBytes = positive(options.provider, 'maxBytes', options.maxBytes);
    this.timeoutMs = positive(options.provider, 'timeoutMs', options.timeoutMs);
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    if (this.credentialHosts.length + this.hosts.length === 0) throw new Error(`media policy ${options.provider}: no hosts allowed`);
    if (this.contentTypes.length === 0) throw new Error(`media policy ${options.provider}: no content types allowed (use */* to allow any)`);
    if (!Number.isInteger(this.maxRedirects) || this.maxRedirects < 0) throw new Error(`media policy ${options.provider}: maxRedirects must be a whole number >= 0`);
  }

  /** Parses a URL a provider handed us, refusing what no hop may ever be. */
  parse(raw: string | URL, base?: URL): URL {
    let url: URL;
    try {
      url = new URL(raw, base);
    } catch (cause) {
      throw this.error(MediaFetchErrorCode.InvalidUrl, 'not a URL', undefined, cause);
    }
    if (url.username || url.password) throw this.error(MediaFetchErrorCode.InvalidUrl, 'URLs carrying a user name or password are refused', url);
    return url;
  }

  /** Throws unless this URL may be requested: on the allow-list, over https (or loopback http if allowed). */
  admit(url: URL): void {
    const listed = [...this.credentialHosts, ...this.hosts].some((pattern) => hostMatchesPattern(url, pattern));
    if (!listed) throw this.error(MediaFetchErrorCode.HostNotAllowed, 'host is not on the allow-list', url);
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && this.options.allowHttpOnLoopback === true && isLoopbackHost(url.hostname)) return;
    throw this.error(MediaFetchErrorCode.SchemeNotAllowed, `${url.protocol} is not allowed (https only, http on loopback when configured)`, url);
  }

  /**
   * Credentials for one hop: only to a credential host, and only on the origin the fetch started at,
   * so a redirect never carries them elsewhere, not even to another host of the same provider.
   */
  async headersFor(url: URL, startOrigin: string): Promise<Readonly<Record<string, string>>> {
    if (!this.options.credentials || url.origin !== startOrigin) return {};
    if (!this.credentialHosts.some((pattern) => hostMatchesPattern(url, pattern))) return {};
    return this.options.credentials();
  }

  /** The response's media type (lower case, without parameters) if it is one this provider's media may be. */
  mediaType(header: string | null, url: URL): string {
    const type = (header ?? '').split(';')[0]?.trim().toLowerCase() || 'application/octet-stream';
    const [major] = type.split('/');
    const allowed = this.contentTypes.some((entry) => entry === '*/*' || entry === type || entry === `${major}/*`);
    if (!allowed) throw this.error(MediaFetchErrorCode.TypeNotAllowed, `content type ${type} is not allowed`, url);
    return type;
  }

  error(code: MediaFetchErrorCode, message: string, url?: URL, cause?: unknown, status?: number): MediaFetchError {
    return new MediaFetchError(code, message, { provider: this.provider, ...(url ? { host: url.host } : {}), ...(status === undefined ? {} : { status }), cause });
  }
}

function validHost(provider: string, host: string): string {
  const entry = host.toLowerCase();
  if (!HOST_PATTERN.test(entry)) throw new Error(`media policy ${provider}: ${host} is not a host, *.suffix or host:port`);
  if (entry.startsWith('*.') && !entry.slice(2).includes('.')) throw new Error(`media policy ${provider}: ${host} is too wide a wildcard`);
  return entry;
}

function validType(provider: string, type: string): string {
  const entry = type.toLowerCase();
  if (!MEDIA_TYPE.test(entry) || (entry.startsWith('*/') && entry !== '*/*')) throw new Error(`media policy ${provider}: ${type} is not a media type`);
  return entry;
}

function positive(provider: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`media policy ${provider}: ${name} must be positive`);
  return value;
}
