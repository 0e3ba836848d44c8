import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { KafkaAttachmentStatusPublisher, MediaRetryMetrics, MediaRetryWorker, PendingMediaRepository } from '@tributary/channel-kit';
import { TwilioMediaFetcher } from '@tributary/channel-voice';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import type { VoiceIngestConfig } from './voice-ingest.config';
import { VOICE_INGEST_CONFIG } from './voice-ingest.tokens';

/**
 * Runs this replica's media retry worker over the queue all replicas share: MMS media that was not
 * stored while its webhook waited is fetched again, and each attachment's outcome goes out as
 * AttachmentStatus v1. It starts once the database is connected and stops before shutdown, while
 * the producer is still open.
 */
@Injectable()
export class MediaRetryLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly worker: MediaRetryWorker;
  private stopped = false;

  constructor(
    queue: PendingMediaRepository,
    media: TwilioMediaFetcher,
    publisher: ContractPublisher,
    metrics: MediaRetryMetrics,
    private readonly database: DatabaseRuntime,
    logger: JsonLogger,
    @Inject(VOICE_INGEST_CONFIG) config: VoiceIngestConfig,
  ) {
    this.worker = new MediaRetryWorker(queue, media.downloader, new KafkaAttachmentStatusPublisher(publisher), {
      maxAttempts: config.MEDIA_RETRY_ATTEMPTS,
      backoff: { firstDelayMs: config.MEDIA_RETRY_BACKOFF_MS, maxDelayMs: Math.max(config.MEDIA_RETRY_BACKOFF_MS, config.MEDIA_RETRY_MAX_BACKOFF_MS) },
      // Never fewer than one poll per first wait, so a short backoff (tests) is kept closely.
      pollIntervalMs: Math.min(1_000, config.MEDIA_RETRY_BACKOFF_MS),
      onAttempt: (entry, outcome, detail) => {
        metrics.count(outcome);
        const fields = { attachmentId: entry.attachmentId, messageId: entry.messageId, tenantId: entry.tenantId, attempts: detail.status?.attempts ?? entry.attempts + 1 };
        if (outcome === 'stored') logger.event('info', 'MediaRetry', 'media stored on a retry', fields);
        else if (outcome === 'failed') logger.event('error', 'MediaRetry', 'media given up: the attachment is reported failed', { ...fields, error: detail.error });
        else logger.event('warn', 'MediaRetry', 'media retry failed; trying again later', { ...fields, error: detail.error, retryInMs: detail.delayMs });
      },
      onError: (error, entry) => {
        metrics.count('error');
        logger.event('warn', 'MediaRetry', 'media retry queue or Kafka unavailable; the entry is tried again later', { attachmentId: entry?.attachmentId, error });
      },
    });
  }

  onApplicationBootstrap(): void {
    // The database connects in the background (and may never, until shutdown).
    void this.database.whenConnected().then(() => {
      if (!this.stopped) this.worker.start();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.worker.stop();
  }
}
