import type { ContractPublisher } from '@tributary/platform-kafka';
import type { JsonLogger } from '@tributary/platform-observability';
import { KafkaAttachmentStatusPublisher } from './kafka-attachment-status.publisher';
import type { MediaDownloaderPort } from './media-downloader.port';
import type { MediaRetryConfig } from './media-retry-config';
import type { MediaRetryMetrics } from './media-retry-metrics';
import { MediaRetryWorker } from './media-retry.worker';
import type { PendingMediaPort } from './pending-media.port';

export interface LoggedMediaRetryWorkerParts {
  readonly queue: PendingMediaPort;
  readonly downloader: MediaDownloaderPort;
  readonly publisher: ContractPublisher;
  readonly metrics: MediaRetryMetrics;
  readonly logger: JsonLogger;
}

/**
 * The media retry worker as every ingest app runs it: configured from MEDIA_RETRY_*, each attempt
 * counted and logged (a given-up attachment at error level), outcomes published as AttachmentStatus v1.
 */
export function loggedMediaRetryWorker(parts: LoggedMediaRetryWorkerParts, config: MediaRetryConfig): MediaRetryWorker {
  const { metrics, logger } = parts;
  return new MediaRetryWorker(parts.queue, parts.downloader, new KafkaAttachmentStatusPublisher(parts.publisher), {
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
