import { InMemoryPendingMedia } from './in-memory-pending-media.fake';
import type { MediaDownloaderPort } from './media-downloader.port';
import { MediaFetchErrorCode } from './media-fetch-error-code';
import { MediaFetchError } from './media-fetch.error';
import { MediaIntake } from './media-intake.service';
import type { FetchedMedia } from './media.fetcher';
import type { PendingMediaInput } from './pending-media';

const message = { messageId: '22222222-2222-4222-8222-222222222222', tenantId: 'acme', channel: 'sms', provider: 'twilio', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } as const;
const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const blob: FetchedMedia = { sha256: 'b'.repeat(64), sizeBytes: 5, storageUri: 'file:///blobs/bb/bbbb', contentType: 'image/jpeg' };
const failure = (code: MediaFetchErrorCode, status?: number) => new MediaFetchError(code, 'it failed', { provider: 'twilio', host: 'media.example', ...(status ? { status } : {}) });

/** Answers by URL: `ok`, `hang` (until the caller's signal ends it), or a failure code. */
const downloader: MediaDownloaderPort = {
  fetchToBlob: (_provider, url, call) => {
    if (url.endsWith('/ok')) return Promise.resolve(blob);
    if (url.endsWith('/hang')) {
      return new Promise((_, reject) => call?.signal?.addEventListener('abort', () => reject(failure(MediaFetchErrorCode.Aborted))));
    }
    return Promise.reject(url.endsWith('/gone') ? failure(MediaFetchErrorCode.Gone, 404) : failure(MediaFetchErrorCode.Network));
  },
};

describe('MediaIntake', () => {
  let queue: InMemoryPendingMedia;
  const failures: [string, boolean][] = [];
  const intake = (overrides: Partial<ConstructorParameters<typeof MediaIntake>[2]> = {}, port: Pick<InMemoryPendingMedia, 'add'> = queue) =>
    new MediaIntake(downloader, port, { deadlineMs: 100, retryInMs: 5_000, onFetchFailed: (error, _media, retried) => failures.push([error.code, retried]), ...overrides });

  beforeEach(() => {
    queue = new InMemoryPendingMedia();
    failures.length = 0;
  });

  it('stores what it can, queues what may work later as pending, and fails the rest with the reason, in the announced order', async () => {
    const started = Date.now();
    const collected = await intake().collect(message, [
      { attachmentId: id(1), url: 'https://media.example/ok', name: 'media-0' },
      { attachmentId: id(2), url: 'https://media.example/hang', name: 'media-1', contentType: 'image/png' },
      { attachmentId: id(3), url: 'https://media.example/gone', name: 'media-2' },
      { attachmentId: id(4), url: 'https://media.example/down', name: 'media-3' },
    ]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(collected.attachments).toEqual([{ name: 'media-0', contentType: 'image/jpeg', sizeBytes: 5, sha256: blob.sha256, storageUri: blob.storageUri }]);
    expect(collected.pendingAttachments).toEqual([
      { attachmentId: id(2), name: 'media-1', contentType: 'image/png', state: 'pending' },
      { attachmentId: id(3), name: 'media-2', state: 'failed', error: { code: 'GONE', message: 'twilio media from media.example: it failed' } },
      { attachmentId: id(4), name: 'media-3', state: 'pending' },
    ]);
    expect([...queue.entries.values()].map((entry) => [entry.media.attachmentId, entry.media.error.code, entry.dueAt])).toEqual([
      [id(2), 'ABORTED', 5_000],
      [id(4), 'NETWORK', 5_000],
    ]);
    expect(failures).toEqual([
      ['ABORTED', true],
      ['GONE', false],
      ['NETWORK', true],
    ]);
  });

  it('hands media off as failed, saying why, when no retry can be queued', async () => {
    const queueFailures: PendingMediaInput[][] = [];
    const broken = { add: () => Promise.reject(new Error('database is away')) };
    const collected = await intake({ onQueueFailed: (_error, media) => queueFailures.push([...media]) }, broken).collect(message, [
      { attachmentId: id(4), url: 'https://media.example/down', name: 'media-0' },
    ]);
    expect(collected.pendingAttachments).toEqual([
      {
        attachmentId: id(4),
        name: 'media-0',
        state: 'failed',
        error: { code: 'RETRY_UNAVAILABLE', message: 'no retry could be queued (database is away); the attempt failed: twilio media from media.example: it failed' },
      },
    ]);
    expect(queueFailures).toHaveLength(1);
  });

  it('does not wait for a retry queue that does not answer', async () => {
    const stuck = { add: () => new Promise<void>(() => undefined) };
    const collected = await intake({ queueTimeoutMs: 50 }, stuck).collect(message, [{ attachmentId: id(4), url: 'https://media.example/down', name: 'media-0' }]);
    expect(collected.pendingAttachments[0]).toMatchObject({ state: 'failed', error: { code: 'RETRY_UNAVAILABLE' } });
  });
});
