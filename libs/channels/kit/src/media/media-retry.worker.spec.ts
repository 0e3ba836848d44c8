import type { AttachmentStatusV1Message } from '@tributary/contracts';
import { InMemoryPendingMedia } from './in-memory-pending-media.fake';
import type { MediaDownloaderPort } from './media-downloader.port';
import { MediaFetchErrorCode } from './media-fetch-error-code';
import { MediaFetchError } from './media-fetch.error';
import { MediaRetryWorker, type MediaRetryOutcome } from './media-retry.worker';
import type { FetchedMedia } from './media.fetcher';
import type { PendingMediaInput } from './pending-media';

const blob: FetchedMedia = { sha256: 'a'.repeat(64), sizeBytes: 21, storageUri: 'file:///blobs/aa/aaaa', contentType: 'image/png' };
const media = (attachmentId = '11111111-1111-4111-8111-111111111111'): PendingMediaInput => ({
  attachmentId,
  messageId: '22222222-2222-4222-8222-222222222222',
  tenantId: 'acme',
  channel: 'sms',
  provider: 'twilio',
  url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
  name: 'media-0',
  contentType: 'image/png',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  error: { code: 'TIMEOUT', message: 'twilio media from api.twilio.com: not complete within 5000 ms' },
});
const down = (code = MediaFetchErrorCode.Network, status?: number) => new MediaFetchError(code, 'the request failed', { provider: 'twilio', host: 'api.twilio.com', ...(status ? { status } : {}) });

class ScriptedDownloader implements MediaDownloaderPort {
  calls = 0;
  constructor(private readonly answers: (Error | FetchedMedia)[]) {}
  fetchToBlob(): Promise<FetchedMedia> {
    const answer = this.answers[Math.min(this.calls, this.answers.length - 1)] as Error | FetchedMedia;
    this.calls += 1;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }
}

class CollectingPublisher {
  readonly published: AttachmentStatusV1Message[] = [];
  failing: Error | undefined;
  publish(status: AttachmentStatusV1Message): Promise<void> {
    if (this.failing) return Promise.reject(this.failing);
    this.published.push(status);
    return Promise.resolve();
  }
}

describe('MediaRetryWorker', () => {
  let queue: InMemoryPendingMedia;
  let publisher: CollectingPublisher;
  const attempts: [MediaRetryOutcome, number | undefined][] = [];

  const worker = (downloader: MediaDownloaderPort, maxAttempts = 3) =>
    new MediaRetryWorker(queue, downloader, publisher, {
      maxAttempts,
      backoff: { firstDelayMs: 1_000, maxDelayMs: 60_000 },
      now: () => new Date(Date.UTC(2026, 10, 25, 10, 0, 0) + queue.now),
      onAttempt: (_media, outcome, detail) => attempts.push([outcome, detail.delayMs]),
    });

  beforeEach(async () => {
    queue = new InMemoryPendingMedia();
    publisher = new CollectingPublisher();
    attempts.length = 0;
    await queue.add([media()], 1_000);
  });

  it('waits for the entry to fall due, then stores it and publishes stored with the reference before forgetting it', async () => {
    const retries = worker(new ScriptedDownloader([blob]));
    expect(await retries.runOnce()).toBe(0);
    queue.now = 1_000;
    expect(await retries.runOnce()).toBe(1);
    expect(publisher.published).toEqual([
      expect.objectContaining({ state: 'stored', attempts: 2, attachment: { name: 'media-0', contentType: 'image/png', sizeBytes: 21, sha256: blob.sha256, storageUri: blob.storageUri } }),
    ]);
    expect(queue.entries.size).toBe(0);
  });

  it('retries a retryable failure with doubling waits and publishes failed with the last reason once the attempts are spent', async () => {
    const downloader = new ScriptedDownloader([down(), down(MediaFetchErrorCode.HttpStatus, 503)]);
    const retries = worker(downloader, 3);
    queue.now = 1_000;
    await retries.runOnce();
    expect(attempts).toEqual([['retry_scheduled', 2_000]]);
    expect(publisher.published).toHaveLength(0);
    queue.now = 2_999;
    expect(await retries.runOnce()).toBe(0);
    queue.now = 3_000;
    await retries.runOnce();
    expect(downloader.calls).toBe(2);
    expect(publisher.published).toEqual([expect.objectContaining({ state: 'failed', attempts: 3, error: { code: 'HTTP_STATUS', message: expect.stringContaining('the request failed') as unknown } })]);
    expect(publisher.published[0]?.attachment).toBeUndefined();
    expect(queue.entries.size).toBe(0);
  });

  it('fails at once on an error no retry can cure', async () => {
    const downloader = new ScriptedDownloader([down(MediaFetchErrorCode.Gone, 404)]);
    queue.now = 1_000;
    await worker(downloader, 8).runOnce();
    expect(downloader.calls).toBe(1);
    expect(publisher.published).toEqual([expect.objectContaining({ state: 'failed', attempts: 2, error: expect.objectContaining({ code: 'GONE' }) as unknown })]);
  });

  it('keeps an outcome Kafka did not take and publishes it on a later round without fetching again', async () => {
    const downloader = new ScriptedDownloader([blob]);
    const retries = worker(downloader);
    publisher.failing = new Error('broker down');
    queue.now = 1_000;
    await retries.runOnce();
    expect(queue.entries.get(media().attachmentId)?.outcome).toMatchObject({ state: 'stored' });
    publisher.failing = undefined;
    queue.now = 2_000;
    await retries.runOnce();
    expect(downloader.calls).toBe(1);
    expect(publisher.published).toEqual([expect.objectContaining({ state: 'stored' })]);
    expect(queue.entries.size).toBe(0);
  });

  it('gives the same statusId to a repeat, so consumers drop it', async () => {
    const other = new InMemoryPendingMedia();
    await other.add([media()], 0);
    await new MediaRetryWorker(other, new ScriptedDownloader([blob]), publisher, { maxAttempts: 3, backoff: { firstDelayMs: 1, maxDelayMs: 1 } }).runOnce();
    queue.now = 1_000;
    await worker(new ScriptedDownloader([blob])).runOnce();
    expect(publisher.published[0]?.statusId).toBe(publisher.published[1]?.statusId);
  });

  it('gives a fetch cut short by stop back untouched instead of counting an attempt', async () => {
    let release: () => void = () => undefined;
    const hanging: MediaDownloaderPort = {
      fetchToBlob: (_provider, _url, call) =>
        new Promise((_, reject) => {
          release = () => reject(down(MediaFetchErrorCode.Aborted));
          if (call?.signal?.aborted) release();
          else call?.signal?.addEventListener('abort', release);
        }),
    };
    const retries = worker(hanging);
    queue.now = 1_000;
    const round = retries.runOnce();
    await retries.stop();
    await round;
    expect(queue.entries.get(media().attachmentId)).toMatchObject({ attempts: 1, claimId: undefined });
    expect(publisher.published).toHaveLength(0);
  });
});
