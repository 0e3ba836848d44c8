import type { AttachmentError, AttachmentRef, Channel, PendingAttachment, Provider } from '@tributary/contracts';
import { attachmentError, attachmentErrorOf } from './attachment-error.util';
import { attachmentRefOf } from './attachment-outcome.util';
import type { MediaDownloaderPort } from './media-downloader.port';
import { MediaFetchError } from './media-fetch.error';
import type { PendingMediaInput } from './pending-media';
import type { PendingMediaPort } from './pending-media.port';

/** One attachment a provider announced with a message. */
export interface AnnouncedMedia {
  /** Stable across redeliveries of the message (derive it from the provider's ids). */
  readonly attachmentId: string;
  readonly url: string;
  readonly name: string;
  readonly contentType?: string;
}

/** The message the media belongs to, as its InboundMessage will say. */
export interface MediaMessage {
  readonly messageId: string;
  readonly tenantId: string;
  readonly channel: Channel;
  readonly provider: Provider;
  readonly traceId: string;
}

export interface CollectedMedia {
  /** In the blob store, in the order announced. */
  readonly attachments: AttachmentRef[];
  /** The rest: queued for a retry (`pending`) or given up with the reason (`failed`). */
  readonly pendingAttachments: PendingAttachment[];
}

export interface MediaIntakeOptions {
  /** For all of a message's media together: the part of the provider's webhook timeout they may use. */
  readonly deadlineMs: number;
  /** The first retry comes this long after the intake's own attempt. */
  readonly retryInMs: number;
  /** Longest wait for the retry queue (default 3 s); past it the media is given up rather than the webhook held. */
  readonly queueTimeoutMs?: number;
  /** Told of each failed fetch and whether it will be retried (log it: a failure is never silent). */
  readonly onFetchFailed?: (error: AttachmentError, media: AnnouncedMedia, retried: boolean) => void;
  /** The retry queue could not take them: they are handed off as failed. */
  readonly onQueueFailed?: (error: unknown, media: readonly PendingMediaInput[]) => void;
}

/**
 * Provider media of one incoming message into the blob store, within the webhook's deadline. What
 * fails in a way a later attempt may cure (a host that is down or slow, a 5xx) is queued for the
 * retry worker and announced as pending; the rest as failed with the reason. The queue is written
 * before the caller hands the message off, never after: a crash in between then leaves an entry
 * whose outcome nobody waits for (harmless), where the other order could leave an attachment
 * pending for ever.
 */
export class MediaIntake {
  /** Why a retryable failure became final at once: the retry queue (the app's database) did not take it. */
  static readonly RETRY_UNAVAILABLE = 'RETRY_UNAVAILABLE';

  constructor(
    private readonly downloader: MediaDownloaderPort,
    private readonly queue: Pick<PendingMediaPort, 'add'>,
    private readonly options: MediaIntakeOptions,
  ) {}

  async collect(message: MediaMessage, media: readonly AnnouncedMedia[]): Promise<CollectedMedia> {
    if (media.length === 0) return { attachments: [], pendingAttachments: [] };
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error(`media deadline of ${this.options.deadlineMs} ms passed`)), this.options.deadlineMs);
    let results: PromiseSettledResult<AttachmentRef>[];
    try {
      // All at once: one slow host must not eat the time of the others.
      results = await Promise.allSettled(
        media.map(async (item) => attachmentRefOf(item.name, item.contentType, await this.downloader.fetchToBlob(message.provider, item.url, { signal: deadline.signal }))),
      );
    } finally {
      clearTimeout(timer);
    }
    const attachments: AttachmentRef[] = [];
    const failed = new Map<string, AttachmentError>();
    const retries: PendingMediaInput[] = [];
    results.forEach((result, index) => {
      const item = media[index] as AnnouncedMedia;
      if (result.status === 'fulfilled') {
        attachments.push(result.value);
        return;
      }
      const error = attachmentErrorOf(result.reason);
      const retried = result.reason instanceof MediaFetchError && result.reason.retryable;
      this.options.onFetchFailed?.(error, item, retried);
      if (retried) retries.push({ ...message, attachmentId: item.attachmentId, url: item.url, name: item.name, ...withType(item), error });
      else failed.set(item.attachmentId, error);
    });
    const queued = await this.queueRetries(retries);
    for (const retry of retries) {
      if (!queued.ok) failed.set(retry.attachmentId, attachmentError(MediaIntake.RETRY_UNAVAILABLE, `no retry could be queued (${queued.reason}); the attempt failed: ${retry.error.message}`));
    }
    const pendingAttachments = media.flatMap((item): PendingAttachment[] => {
      const base = { attachmentId: item.attachmentId, name: item.name, ...withType(item) };
      const error = failed.get(item.attachmentId);
      if (error) return [{ ...base, state: 'failed', error }];
      return retries.some((retry) => retry.attachmentId === item.attachmentId) ? [{ ...base, state: 'pending' }] : [];
    });
    return { attachments, pendingAttachments };
  }

  private async queueRetries(retries: readonly PendingMediaInput[]): Promise<{ ok: true } | { ok: false; reason: string }> {
    if (retries.length === 0) return { ok: true };
    const waitMs = this.options.queueTimeoutMs ?? 3_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the retry queue did not answer within ${waitMs} ms`)), waitMs)));
    const adding = this.queue.add(retries, this.options.retryInMs);
    // Still settles after a timeout; its failure then has nobody left to tell.
    adding.catch(() => undefined);
    try {
      await Promise.race([adding, late]);
      return { ok: true };
    } catch (error) {
      this.options.onQueueFailed?.(error, retries);
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

function withType(item: AnnouncedMedia): { contentType?: string } {
  return item.contentType === undefined ? {} : { contentType: item.contentType };
}
