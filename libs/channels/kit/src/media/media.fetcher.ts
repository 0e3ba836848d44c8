import { BlobTooLargeError, type BlobStore, type StoredBlob } from '@tributary/platform-blob-store';
import { Readable } from 'node:stream';
import type { MediaDownloaderPort } from './media-downloader.port';
import { MediaFetchErrorCode } from './media-fetch-error-code';
import { MediaFetchError } from './media-fetch.error';
import { MediaFetchPolicy, type MediaFetchPolicyOptions } from './media-fetch.policy';

export interface FetchedMedia extends StoredBlob {
  /** The media type the provider served (lower case, without parameters), already checked against the policy. */
  readonly contentType: string;
}

export interface MediaFetcherOptions {
  /** One per provider; `provider` names it in `fetchToBlob` and `fetchJson`. */
  readonly policies: readonly MediaFetchPolicyOptions[];
  /** Told of every failed fetch before it is thrown, so none goes unseen whatever the caller does (log, metric). */
  readonly onFailure?: (error: MediaFetchError) => void;
}

export interface MediaFetchCallOptions {
  /** The caller's own deadline, e.g. what is left of the provider's webhook timeout; ends the fetch as ABORTED. */
  readonly signal?: AbortSignal;
}

export interface MediaJsonCallOptions extends MediaFetchCallOptions {
  /** Largest JSON answer read (default 1 MiB); the media limit is meant for media, not metadata. */
  readonly maxBytes?: number;
}

/** What one fetch shares between its hops, its body and its deadline. */
interface FetchScope {
  readonly signal: AbortSignal;
  abort(error: MediaFetchError): void;
  /** The hop being asked, so a timeout can name its host. */
  current: URL | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const GONE = new Set([404, 410]);
const DEFAULT_JSON_BYTES = 1024 * 1024;

/**
 * Copies provider media into the blob store under a per-provider policy (see MediaFetchPolicy):
 * redirects are followed by hand so each hop is checked against the allow-list and gets credentials
 * only where the policy says; the body is counted while it streams and the connection dropped the
 * moment it passes the limit; one deadline covers the whole fetch. Every failure is a
 * MediaFetchError with a code and a `retryable` flag; nothing fails quietly.
 */
export class MediaFetcher implements MediaDownloaderPort {
  private readonly policies = new Map<string, MediaFetchPolicy>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly options: MediaFetcherOptions,
  ) {
    for (const policy of options.policies) {
      if (this.policies.has(policy.provider)) throw new Error(`two media policies for ${policy.provider}`);
      this.policies.set(policy.provider, new MediaFetchPolicy(policy));
    }
  }

  /** Streams the media at `url` into the blob store. */
  fetchToBlob(provider: string, url: string, call: MediaFetchCallOptions = {}): Promise<FetchedMedia> {
    const policy = this.policyFor(provider);
    return this.run(policy, call.signal, async (scope) => {
      const { response, url: served } = await this.request(policy, url, scope);
      const contentType = policy.mediaType(response.headers.get('content-type'), served);
      const body = bodyWithin(policy, response, served, policy.maxBytes, scope);
      try {
        const stored = await this.blobs.put(Readable.from(body, { objectMode: false }), { maxBytes: policy.maxBytes });
        return { ...stored, contentType };
      } catch (error) {
        if (error instanceof MediaFetchError) throw error;
        if (error instanceof BlobTooLargeError) throw policy.error(MediaFetchErrorCode.TooLarge, `more than ${policy.maxBytes} bytes`, served);
        throw policy.error(MediaFetchErrorCode.Storage, 'the blob store did not keep the content', served, error);
      }
    });
  }

  /**
   * A provider's JSON answer under the same host, credential, redirect and deadline rules: the first
   * step of two-step downloads (WhatsApp's media id to URL, Telegram's getFile). Validate the result.
   */
  fetchJson(provider: string, url: string, call: MediaJsonCallOptions = {}): Promise<unknown> {
    const policy = this.policyFor(provider);
    return this.run(policy, call.signal, async (scope) => {
      const { response, url: served } = await this.request(policy, url, scope);
      const chunks: Buffer[] = [];
      for await (const chunk of bodyWithin(policy, response, served, call.maxBytes ?? DEFAULT_JSON_BYTES, scope)) chunks.push(chunk);
      try {
        return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      } catch (cause) {
        throw policy.error(MediaFetchErrorCode.InvalidResponse, 'the answer is not JSON', served, cause);
      }
    });
  }

  private policyFor(provider: string): MediaFetchPolicy {
    const policy = this.policies.get(provider);
    if (!policy) throw new Error(`no media fetch policy for provider ${provider}`);
    return policy;
  }

  /** One deadline (the policy's, or the caller's if sooner) over `work`; every failure becomes a MediaFetchError. */
  private async run<T>(policy: MediaFetchPolicy, callerSignal: AbortSignal | undefined, work: (scope: FetchScope) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const scope: FetchScope = {
      signal: controller.signal,
      abort: (error) => {
        if (!controller.signal.aborted) controller.abort(error);
      },
      current: undefined,
    };
    const timer = setTimeout(() => scope.abort(policy.error(MediaFetchErrorCode.Timeout, `not complete within ${policy.timeoutMs} ms`, scope.current)), policy.timeoutMs);
    const onCallerAbort = (): void => scope.abort(policy.error(MediaFetchErrorCode.Aborted, 'the caller stopped waiting', scope.current, callerSignal?.reason));
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await work(scope);
    } catch (error) {
      // The abort's reason wins: a body cut off by the deadline fails with whatever undici makes of it.
      const reason: unknown = controller.signal.reason;
      const failure =
        controller.signal.aborted && reason instanceof MediaFetchError
          ? reason
          : error instanceof MediaFetchError
            ? error
            : policy.error(MediaFetchErrorCode.Network, 'the request failed', scope.current, error);
      this.options.onFailure?.(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      // Whatever is still open (a refused body, one cut short) goes with its connection.
      controller.abort();
    }
  }

  /** Asks `raw`, following redirects by hand, until a non-redirect answer; throws for any non-2xx. */
  private async request(policy: MediaFetchPolicy, raw: string, scope: FetchScope): Promise<{ response: Response; url: URL }> {
    let url = policy.parse(raw);
    const startOrigin = url.origin;
    for (let redirects = 0; ; redirects += 1) {
      policy.admit(url);
      scope.current = url;
      const headers = await policy.headersFor(url, startOrigin);
      const response = await fetch(url, { headers, redirect: 'manual', signal: scope.signal });
      if (!REDIRECTS.has(response.status)) {
        if (response.ok) return { response, url };
        await discard(response);
        const code = GONE.has(response.status) ? MediaFetchErrorCode.Gone : MediaFetchErrorCode.HttpStatus;
        throw policy.error(code, `answered HTTP ${response.status}`, url, undefined, response.status);
      }
      await discard(response);
      const location = response.headers.get('location');
      if (location === null) throw policy.error(MediaFetchErrorCode.InvalidResponse, `HTTP ${response.status} without a Location`, url, undefined, response.status);
      if (redirects >= policy.maxRedirects) throw policy.error(MediaFetchErrorCode.TooManyRedirects, `more than ${policy.maxRedirects} redirects`, url);
      url = policy.parse(location, url);
    }
  }
}

/**
 * The body as Buffers, failing (and dropping the connection) as soon as it is known to be over
 * `maxBytes`: from Content-Length before reading, else at the chunk that crosses the limit.
 */
async function* bodyWithin(policy: MediaFetchPolicy, response: Response, url: URL, maxBytes: number, scope: FetchScope): AsyncGenerator<Buffer> {
  const tooLarge = (): MediaFetchError => policy.error(MediaFetchErrorCode.TooLarge, `more than ${maxBytes} bytes`, url);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge();
  if (!response.body) throw policy.error(MediaFetchErrorCode.InvalidResponse, 'the answer has no body', url);
  const chunks: AsyncIterable<Uint8Array> = response.body;
  let received = 0;
  try {
    for await (const chunk of chunks) {
      received += chunk.byteLength;
      if (received > maxBytes) {
        const error = tooLarge();
        scope.abort(error);
        throw error;
      }
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } catch (error) {
    if (error instanceof MediaFetchError) throw error;
    throw policy.error(MediaFetchErrorCode.Network, 'the body broke off', url, error);
  }
}

/** Lets go of a body we will not read (a redirect's, an error page) without waiting for it. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
