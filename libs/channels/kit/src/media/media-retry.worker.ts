import type { AttachmentError, AttachmentStatusV1Message } from '@tributary/contracts';
import { StopSignal } from '@tributary/platform-observability';
import { attachmentErrorOf } from './attachment-error.util';
import { attachmentOutcome } from './attachment-outcome.util';
import type { AttachmentStatusPublisherPort } from './attachment-status.publisher.port';
import type { MediaDownloaderPort } from './media-downloader.port';
import { MediaFetchError } from './media-fetch.error';
import { mediaRetryDelayMs, type MediaRetryBackoff } from './media-retry-backoff.util';
import type { PendingMedia } from './pending-media';
import type { PendingMediaPort } from './pending-media.port';

export type MediaRetryOutcome = 'stored' | 'failed' | 'retry_scheduled';

export interface MediaRetryWorkerOptions {
  /** Attempts in all, the intake's first one included: the failure of the last is final. */
  readonly maxAttempts: number;
  readonly backoff: MediaRetryBackoff;
  /** How often each replica looks for due entries (default 1 s). */
  readonly pollIntervalMs?: number;
  /** Entries fetched at once by one replica (default 4): media can be tens of megabytes each. */
  readonly batchSize?: number;
  /**
   * Longest wait for Kafka to acknowledge an outcome (default 10 s). Past it the entry is given back
   * with its outcome decided, so the next poll publishes it again instead of a broker outage holding
   * the worker (and the app's shutdown).
   */
  readonly publishTimeoutMs?: number;
  readonly now?: () => Date;
  /** After each attempt: a retry scheduled (log a warning), or an outcome published (stored; failed: log an error). */
  readonly onAttempt?: (media: PendingMedia, outcome: MediaRetryOutcome, detail: { error?: AttachmentError; delayMs?: number; status?: AttachmentStatusV1Message }) => void;
  /** The queue or Kafka failed (not the media): the entry is tried again later. */
  readonly onError?: (error: unknown, media: PendingMedia | undefined) => void;
}

/**
 * Fetches queued provider media again with backoff and publishes each attachment's one outcome:
 * stored with its reference, or failed with the last reason once the attempts are spent (at once
 * for a failure no retry can cure: gone, too large, not allowed). Every replica runs one over the
 * shared queue; claims keep them from fetching one entry twice. The outcome is recorded before it
 * is published and the entry is deleted only after Kafka acknowledged it, so a replica that dies
 * anywhere in between leaves the entry to be fetched or published again, never forgotten.
 */
export class MediaRetryWorker {
  private readonly stopSignal = new StopSignal();
  private readonly aborts = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly rounds = new Set<Promise<number>>();

  constructor(
    private readonly queue: PendingMediaPort,
    private readonly downloader: MediaDownloaderPort,
    private readonly statuses: AttachmentStatusPublisherPort,
    private readonly options: MediaRetryWorkerOptions,
  ) {
    if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) throw new Error('maxAttempts must be a whole number >= 1');
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the loop: fetches in progress are cut short and their entries given back, as they were. */
  async stop(): Promise<void> {
    this.stopSignal.stop();
    this.aborts.abort(new Error('the media retry worker is stopping'));
    await this.loop;
    await Promise.all([...this.rounds]);
  }

  /** One round: claims what is due and works it off. Resolves to the entries handled; never rejects. */
  runOnce(): Promise<number> {
    const round = this.round().finally(() => this.rounds.delete(round));
    this.rounds.add(round);
    return round;
  }

  private async round(): Promise<number> {
    if (this.stopSignal.isStopped) return 0;
    let claimed: PendingMedia[];
    try {
      claimed = await this.queue.claimDue(this.options.batchSize ?? 4);
    } catch (error) {
      this.options.onError?.(error, undefined);
      return 0;
    }
    await Promise.all(claimed.map((media) => this.handle(media)));
    return claimed.length;
  }

  private async run(): Promise<void> {
    while (!this.stopSignal.isStopped) {
      const handled = await this.runOnce();
      // A full batch means more may be due: go on at once.
      if (handled < (this.options.batchSize ?? 4)) await this.stopSignal.sleep(this.options.pollIntervalMs ?? 1_000);
    }
  }

  private async handle(media: PendingMedia): Promise<void> {
    try {
      const outcome = media.outcome ?? (await this.attempt(media));
      if (outcome === undefined) return;
      if (media.outcome === undefined && !(await this.queue.decide(media, outcome))) return;
      await this.publish(outcome);
      await this.queue.remove(media);
      this.options.onAttempt?.(media, outcome.state, { status: outcome, ...(outcome.error ? { error: outcome.error } : {}) });
    } catch (error) {
      this.options.onError?.(error, media);
      // Not the media's fault, so no attempt is counted; a little later, so an outage is not hammered.
      await this.queue.release(media, Math.min(this.options.backoff.firstDelayMs, 30_000)).catch(() => undefined);
    }
  }

  /** One fetch: the outcome, or undefined when another attempt was scheduled (or the worker is stopping). */
  private async attempt(media: PendingMedia): Promise<AttachmentStatusV1Message | undefined> {
    const attempts = media.attempts + 1;
    try {
      const blob = await this.downloader.fetchToBlob(media.provider, media.url, { signal: this.aborts.signal });
      return attachmentOutcome(media, { stored: blob }, attempts, this.now());
    } catch (cause) {
      // Cut short by our own stop: not an attempt, and not the media's fault.
      if (this.stopSignal.isStopped) {
        await this.queue.release(media, 0);
        return undefined;
      }
      const error = attachmentErrorOf(cause);
      const retryable = cause instanceof MediaFetchError && cause.retryable;
      if (!retryable || attempts >= this.options.maxAttempts) return attachmentOutcome(media, { failed: error }, attempts, this.now());
      const delayMs = mediaRetryDelayMs(attempts, this.options.backoff);
      await this.queue.retryLater(media, attempts, error, delayMs);
      this.options.onAttempt?.(media, 'retry_scheduled', { error, delayMs });
      return undefined;
    }
  }

  private async publish(status: AttachmentStatusV1Message): Promise<void> {
    const waitMs = this.options.publishTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Kafka did not acknowledge within ${waitMs} ms`)), waitMs)));
    const publishing = this.statuses.publish(status);
    // May still succeed after the timeout: the repeat that follows carries the same statusId.
    publishing.catch(() => undefined);
    try {
      await Promise.race([publishing, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
