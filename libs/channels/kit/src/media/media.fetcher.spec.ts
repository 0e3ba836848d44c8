import { LocalDirectoryBlobStore, type BlobStore } from '@tributary/platform-blob-store';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MediaFetchErrorCode } from './media-fetch-error-code';
import { MediaFetchError } from './media-fetch.error';
import type { MediaFetchPolicyOptions } from './media-fetch.policy';
import { MediaFetcher } from './media.fetcher';
import { mediaFetchFailure as failure } from './media-fetch-failure.util';

const BASIC = `Basic ${Buffer.from('AC123:token').toString('base64')}`;

/** A real HTTP server on 127.0.0.1 recording what reached it. */
interface LocalServer {
  readonly host: string;
  readonly seen: { readonly path: string; readonly authorization: string | undefined }[];
  handle: (request: IncomingMessage, response: ServerResponse) => void;
  url(path: string): string;
  close(): Promise<void>;
}

async function serve(): Promise<LocalServer> {
  const local: LocalServer = {
    host: '',
    seen: [],
    handle: (_request, response) => response.writeHead(500).end(),
    url: (path) => `http://${local.host}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    local.seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
    local.handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(local, { host: `127.0.0.1:${(server.address() as AddressInfo).port}` });
  return local;
}

describe('MediaFetcher', () => {
  let directory: string;
  let blobs: LocalDirectoryBlobStore;
  let api: LocalServer;
  let cdn: LocalServer;
  let other: LocalServer;
  let failures: MediaFetchError[];

  const fetcher = (overrides: Partial<MediaFetchPolicyOptions> = {}, store: BlobStore = blobs): MediaFetcher =>
    new MediaFetcher(store, {
      policies: [
        {
          provider: 'twilio',
          credentialHosts: [api.host],
          hosts: [cdn.host],
          credentials: () => ({ authorization: BASIC }),
          contentTypes: ['image/*', 'application/json'],
          maxBytes: 256 * 1024,
          timeoutMs: 2_000,
          allowHttpOnLoopback: true,
          ...overrides,
        },
      ],
      onFailure: (error) => failures.push(error),
    });

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'media-fetcher-'));
    blobs = new LocalDirectoryBlobStore(directory);
    [api, cdn, other] = await Promise.all([serve(), serve(), serve()]);
    failures = [];
  });

  afterEach(async () => {
    await Promise.all([api.close(), cdn.close(), other.close()]);
    await rm(directory, { recursive: true, force: true });
  });

  it('sends the credentials to a credential host, keeps them within its origin and stores the bytes', async () => {
    api.handle = (request, response) => {
      if (request.url === '/Media/ME1') return void response.writeHead(302, { location: '/Media/ME1.png' }).end();
      response.writeHead(200, { 'content-type': 'image/png; charset=binary' }).end('png bytes');
    };
    const media = await fetcher().fetchToBlob('twilio', api.url('/Media/ME1'));
    expect(api.seen).toEqual([
      { path: '/Media/ME1', authorization: BASIC },
      { path: '/Media/ME1.png', authorization: BASIC },
    ]);
    expect(media).toMatchObject({ contentType: 'image/png', sizeBytes: 9 });
    expect(await readFile(fileURLToPath(media.storageUri), 'utf8')).toBe('png bytes');
  });

  it('follows a redirect to an allowed host without the credentials, as Twilio media goes to its CDN', async () => {
    api.handle = (_request, response) => response.writeHead(307, { location: cdn.url('/AC123/signed?X-Amz-Signature=abc') }).end();
    cdn.handle = (_request, response) => response.writeHead(200, { 'content-type': 'image/jpeg' }).end('jpeg');
    await expect(fetcher().fetchToBlob('twilio', api.url('/Media/ME1'))).resolves.toMatchObject({ contentType: 'image/jpeg', sizeBytes: 4 });
    expect(api.seen[0]?.authorization).toBe(BASIC);
    expect(cdn.seen).toEqual([{ path: '/AC123/signed?X-Amz-Signature=abc', authorization: undefined }]);
  });

  it('never carries the credentials across a redirect, even to another credential host', async () => {
    api.handle = (_request, response) => response.writeHead(302, { location: cdn.url('/x') }).end();
    cdn.handle = (_request, response) => response.writeHead(200, { 'content-type': 'image/gif' }).end('gif');
    await fetcher({ credentialHosts: [api.host, cdn.host], hosts: [] }).fetchToBlob('twilio', api.url('/x'));
    expect(cdn.seen).toEqual([{ path: '/x', authorization: undefined }]);
  });

  it('refuses a redirect to a host off the allow-list without asking it', async () => {
    api.handle = (_request, response) => response.writeHead(302, { location: other.url('/steal') }).end();
    const error = await failure(fetcher().fetchToBlob('twilio', api.url('/x')));
    expect(error).toMatchObject({ code: MediaFetchErrorCode.HostNotAllowed, retryable: false, host: other.host });
    expect(other.seen).toEqual([]);
    expect(failures).toEqual([error]);
  });

  it('refuses plain http when loopback http is not configured, asking nothing', async () => {
    const error = await failure(fetcher({ allowHttpOnLoopback: false }).fetchToBlob('twilio', api.url('/x')));
    expect(error.code).toBe(MediaFetchErrorCode.SchemeNotAllowed);
    expect(api.seen).toEqual([]);
  });

  it('bounds a redirect loop', async () => {
    api.handle = (request, response) => response.writeHead(302, { location: request.url ?? '/' }).end();
    const error = await failure(fetcher({ maxRedirects: 3 }).fetchToBlob('twilio', api.url('/loop')));
    expect(error).toMatchObject({ code: MediaFetchErrorCode.TooManyRedirects, retryable: false });
    expect(api.seen).toHaveLength(4);
  });

  it('drops the connection once a streamed body passes the limit, before the server sent it all', async () => {
    const total = 64 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    let ended = false;
    const closed = new Promise<void>((resolve) => {
      api.handle = (_request, response) => {
        response.on('close', () => resolve());
        response.writeHead(200, { 'content-type': 'image/png' });
        const pump = (): void => {
          while (sent < total && !response.destroyed) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          if (sent >= total) ended = response.end() !== undefined;
        };
        pump();
      };
    });
    // A store that ignores the limit, so it is the fetcher's own count that stops the body.
    const unlimited: BlobStore = { put: (content) => blobs.put(content), open: (uri) => blobs.open(uri) };
    const error = await failure(fetcher({}, unlimited).fetchToBlob('twilio', api.url('/big')));
    expect(error).toMatchObject({ code: MediaFetchErrorCode.TooLarge, retryable: false });
    await closed;
    expect(ended).toBe(false);
    expect(sent).toBeLessThan(total);
    expect(await readdir(join(directory, 'incoming'))).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const closed = new Promise<void>((resolve) => {
      api.handle = (_request, response) => {
        response.on('close', () => resolve());
        response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(10 * 1024 * 1024) });
        response.write(Buffer.alloc(1024));
      };
    });
    const error = await failure(fetcher().fetchToBlob('twilio', api.url('/declared')));
    expect(error.code).toBe(MediaFetchErrorCode.TooLarge);
    await closed;
  });

  it('refuses a content type the policy does not allow and stores nothing', async () => {
    api.handle = (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<script>');
    const error = await failure(fetcher().fetchToBlob('twilio', api.url('/page')));
    expect(error).toMatchObject({ code: MediaFetchErrorCode.TypeNotAllowed, retryable: false });
    expect(await readdir(directory)).toEqual([]);
  });

  it('gives up on a server that never answers, and on a body that stalls, at the deadline', async () => {
    api.handle = (request, response) => {
      if (request.url === '/stall') response.writeHead(200, { 'content-type': 'image/png' }).write('half');
    };
    for (const path of ['/hang', '/stall']) {
      const started = Date.now();
      const error = await failure(fetcher({ timeoutMs: 300 }).fetchToBlob('twilio', api.url(path)));
      expect(error).toMatchObject({ code: MediaFetchErrorCode.Timeout, retryable: true, host: api.host });
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it("stops when the caller's signal fires first, e.g. the webhook's own deadline", async () => {
    api.handle = () => undefined;
    const error = await failure(fetcher().fetchToBlob('twilio', api.url('/hang'), { signal: AbortSignal.timeout(100) }));
    expect(error).toMatchObject({ code: MediaFetchErrorCode.Aborted, retryable: true });
  });

  it.each([
    [404, MediaFetchErrorCode.Gone, false],
    [410, MediaFetchErrorCode.Gone, false],
    [403, MediaFetchErrorCode.HttpStatus, false],
    [429, MediaFetchErrorCode.HttpStatus, true],
    [500, MediaFetchErrorCode.HttpStatus, true],
    [503, MediaFetchErrorCode.HttpStatus, true],
  ])('HTTP %i is %s, retryable %s', async (status, code, retryable) => {
    api.handle = (_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end('{"code":20404}');
    await expect(failure(fetcher().fetchToBlob('twilio', api.url('/x')))).resolves.toMatchObject({ code, retryable, status });
  });

  it('reports a refused connection as a retryable network failure', async () => {
    const url = other.url('/x');
    await other.close();
    const error = await failure(fetcher({ hosts: [other.host] }).fetchToBlob('twilio', url));
    expect(error).toMatchObject({ code: MediaFetchErrorCode.Network, retryable: true });
  });

  it('fetches JSON under the same rules for two-step downloads (WhatsApp media id, Telegram getFile)', async () => {
    api.handle = (request, response) => {
      if (request.url === '/v21.0/media-id') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: api.url('/download/1') }));
      response.writeHead(200, { 'content-type': 'image/webp' }).end('webp');
    };
    const media = fetcher();
    const described = (await media.fetchJson('twilio', api.url('/v21.0/media-id'))) as { url: string };
    await expect(media.fetchToBlob('twilio', described.url)).resolves.toMatchObject({ contentType: 'image/webp' });
    expect(api.seen.map((seen) => seen.authorization)).toEqual([BASIC, BASIC]);
    api.handle = (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('x'.repeat(2048));
    await expect(failure(media.fetchJson('twilio', api.url('/v21.0/other'), { maxBytes: 1024 }))).resolves.toMatchObject({ code: MediaFetchErrorCode.TooLarge });
  });

  it('refuses an unknown provider and two policies for one provider', () => {
    expect(() => fetcher().fetchToBlob('telegram', api.url('/x'))).toThrow(/no media fetch policy/);
    const policy = { provider: 'meta', credentialHosts: ['graph.facebook.com'], contentTypes: ['*/*'], maxBytes: 1, timeoutMs: 1 };
    expect(() => new MediaFetcher(blobs, { policies: [policy, policy] })).toThrow(/two media policies/);
  });
});
