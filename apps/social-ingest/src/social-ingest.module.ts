import { DynamicModule, Module } from '@nestjs/common';
import {
  BatchingPublisher,
  DurableHandoff,
  KafkaHandoffPublisher,
  loggedMediaRetryWorker,
  MEDIA_RETRY_WORKER,
  MediaFetcher,
  MediaIntake,
  MediaRetryLifecycle,
  MediaRetryMetrics,
  NoSpool,
  PendingMediaRepository,
} from '@tributary/channel-kit';
import { MetaWebhookVerifier, WHATSAPP_MEDIA_PROVIDER, WhatsappCloudReplySender, WhatsappMediaDownloader, WhatsappWebhookIntake } from '@tributary/channel-social';
import { BLOB_STORE, blobStoreFromConfig, type BlobStore } from '@tributary/platform-blob-store';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { Registry } from 'prom-client';
import { OutboundRepliesService } from './outbound-replies.service';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_INGEST_CONFIG, SOCIAL_REPLY_SENDERS } from './social-ingest.tokens';
import { WhatsappCloudWebhookController } from './whatsapp-cloud-webhook.controller';

/**
 * Wires WhatsApp's Cloud API: webhooks in through the kit's hand-off, media through the kit's
 * fetcher and retry queue, replies out through the Graph API. No spool: Meta keeps retrying a
 * webhook that was not answered 200 (for up to 7 days), so a replica-local copy would only add a
 * place to lose messages; a hand-off Kafka does not acknowledge in time is refused with 503.
 */
@Module({})
export class SocialIngestModule {
  static forRoot(config: SocialIngestConfig): DynamicModule {
    const numbers = new Map(Object.entries(config.WHATSAPP_CLOUD_NUMBERS ?? {}));
    const graphVersionUrl = `${config.WHATSAPP_CLOUD_GRAPH_BASE_URL}/${config.WHATSAPP_CLOUD_API_VERSION}`;
    const accessToken = (): string => config.WHATSAPP_CLOUD_ACCESS_TOKEN ?? '';
    const whatsappOn = numbers.size > 0;
    return {
      module: SocialIngestModule,
      // A provider without configuration has no routes here (its replies are dead-lettered with the reason).
      controllers: whatsappOn ? [WhatsappCloudWebhookController] : [],
      providers: [
        { provide: SOCIAL_INGEST_CONFIG, useValue: config },
        { provide: BLOB_STORE, useFactory: () => blobStoreFromConfig(config) },
        ...(whatsappOn ? [{ provide: MetaWebhookVerifier, useFactory: () => new MetaWebhookVerifier(config.WHATSAPP_CLOUD_APP_SECRETS ?? [], config.WHATSAPP_CLOUD_WEBHOOK_BASE_URL ?? '') }] : []),
        {
          provide: DurableHandoff,
          useFactory: (publisher: ContractPublisher) =>
            new DurableHandoff(new BatchingPublisher(new KafkaHandoffPublisher(publisher)), new NoSpool(), { timeoutMs: config.SOCIAL_HANDOFF_TIMEOUT_MS }),
          inject: [ContractPublisher],
        },
        {
          provide: WhatsappMediaDownloader,
          useFactory: (blobs: BlobStore, logger: JsonLogger) => {
            const graphHost = new URL(config.WHATSAPP_CLOUD_GRAPH_BASE_URL).host;
            const fetcher = new MediaFetcher(blobs, {
              policies: [
                {
                  provider: WHATSAPP_MEDIA_PROVIDER,
                  // Both steps need the token: the Graph API for the download URL, the media host for the bytes.
                  credentialHosts: [graphHost, ...config.WHATSAPP_CLOUD_MEDIA_HOSTS],
                  credentials: () => ({ authorization: `Bearer ${accessToken()}` }),
                  contentTypes: ['*/*'],
                  maxBytes: config.SOCIAL_MAX_MEDIA_BYTES,
                  timeoutMs: Math.max(config.WHATSAPP_CLOUD_MEDIA_DEADLINE_MS, 30_000),
                  allowHttpOnLoopback: true,
                },
              ],
              onFailure: (error) =>
                logger.event('warn', 'WhatsappMedia', 'media could not be copied into the blob store', { code: error.code, host: error.host, status: error.status, retryable: error.retryable }),
            });
            return new WhatsappMediaDownloader(fetcher);
          },
          inject: [BLOB_STORE, JsonLogger],
        },
        { provide: PendingMediaRepository, useFactory: (database: DatabaseRuntime) => new PendingMediaRepository(database.dataSource), inject: [DatabaseRuntime] },
        { provide: MediaRetryMetrics, useFactory: (registry: Registry, queue: PendingMediaRepository) => new MediaRetryMetrics(registry, queue), inject: [Registry, PendingMediaRepository] },
        {
          provide: MediaIntake,
          useFactory: (downloader: WhatsappMediaDownloader, queue: PendingMediaRepository, metrics: MediaRetryMetrics, logger: JsonLogger) =>
            new MediaIntake(downloader, queue, {
              deadlineMs: config.WHATSAPP_CLOUD_MEDIA_DEADLINE_MS,
              retryInMs: config.MEDIA_RETRY_BACKOFF_MS,
              onFetchFailed: (error, announced, retried) =>
                retried
                  ? logger.event('warn', 'WhatsappMedia', 'media not stored in time; announced as pending and retried in the background', { attachmentId: announced.attachmentId, error })
                  : logger.event('error', 'WhatsappMedia', 'media cannot be stored; announced as failed', { attachmentId: announced.attachmentId, error }),
              onQueueFailed: (error, media) => {
                metrics.count('unqueued', media.length);
                logger.event('error', 'WhatsappMedia', 'no media retry could be queued; the attachments are announced as failed', { attachmentIds: media.map((entry) => entry.attachmentId), error });
              },
            }),
          inject: [WhatsappMediaDownloader, PendingMediaRepository, MediaRetryMetrics, JsonLogger],
        },
        {
          provide: MEDIA_RETRY_WORKER,
          useFactory: (queue: PendingMediaRepository, downloader: WhatsappMediaDownloader, publisher: ContractPublisher, metrics: MediaRetryMetrics, logger: JsonLogger) =>
            loggedMediaRetryWorker({ queue, downloader, publisher, metrics, logger }, config),
          inject: [PendingMediaRepository, WhatsappMediaDownloader, ContractPublisher, MediaRetryMetrics, JsonLogger],
        },
        MediaRetryLifecycle,
        {
          provide: WhatsappWebhookIntake,
          useFactory: (handoff: DurableHandoff, media: MediaIntake) => new WhatsappWebhookIntake(handoff, media, { numbers, mediaUrl: (mediaId) => `${graphVersionUrl}/${encodeURIComponent(mediaId)}` }),
          inject: [DurableHandoff, MediaIntake],
        },
        {
          provide: SOCIAL_REPLY_SENDERS,
          useValue: whatsappOn
            ? [new WhatsappCloudReplySender({ graphBaseUrl: config.WHATSAPP_CLOUD_GRAPH_BASE_URL, apiVersion: config.WHATSAPP_CLOUD_API_VERSION, accessToken, numbers })]
            : [],
        },
        OutboundRepliesService,
      ],
    };
  }
}
