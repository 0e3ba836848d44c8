import { DynamicModule, Module } from '@nestjs/common';
import {
  BatchingPublisher,
  DurableHandoff,
  KafkaHandoffPublisher,
  loggedMediaRetryWorker,
  MEDIA_RETRY_WORKER,
  MediaFetcher,
  MediaRetryLifecycle,
  MediaRetryMetrics,
  NoSpool,
  PendingMediaRepository,
  ProviderMediaDownloaders,
  type ChannelSender,
  type MediaDownloaderPort,
} from '@tributary/channel-kit';
import { BLOB_STORE, blobStoreFromConfig, type BlobStore } from '@tributary/platform-blob-store';
import { DatabaseRuntime } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import { Registry } from 'prom-client';
import { OutboundRepliesService } from './outbound-replies.service';
import type { ProviderWiring } from './provider-wiring';
import type { SocialIngestConfig } from './social-ingest.config';
import {
  SOCIAL_INGEST_CONFIG,
  SOCIAL_MEDIA_DOWNLOADERS,
  SOCIAL_MEDIA_FETCHER,
  SOCIAL_REPLY_SENDERS,
  META_SENDER,
  TELEGRAM_SENDER,
  WEBHOOK_HANDOFF,
  WHATSAPP_CLOUD_SENDER,
  WHATSAPP_WEB_SENDER,
} from './social-ingest.tokens';
import { metaMessagingWiring } from './meta-messaging.wiring';
import { telegramWiring } from './telegram.wiring';
import { whatsappCloudWiring } from './whatsapp-cloud.wiring';
import { whatsappWebWiring } from './whatsapp-web.wiring';

/**
 * Wires the configured social providers (each in its own `*.wiring.ts`) around what they share:
 * the webhook hand-off, one media fetcher and retry queue, and one reply loop. Webhooks need no
 * spool: Meta and Telegram retry one that was not answered 200, so a replica-local copy would only
 * add a place to lose messages; a hand-off Kafka does not acknowledge in time is refused with 503.
 */
@Module({})
export class SocialIngestModule {
  static forRoot(config: SocialIngestConfig): DynamicModule {
    const wirings: ProviderWiring[] = [whatsappCloudWiring(config), whatsappWebWiring(config), telegramWiring(config), metaMessagingWiring(config)];
    const downloaders = wirings.flatMap((wiring) => (wiring.mediaDownloader ? [wiring.mediaDownloader] : []));
    return {
      module: SocialIngestModule,
      controllers: wirings.flatMap((wiring) => wiring.controllers),
      providers: [
        { provide: SOCIAL_INGEST_CONFIG, useValue: config },
        { provide: BLOB_STORE, useFactory: () => blobStoreFromConfig(config) },
        {
          provide: WEBHOOK_HANDOFF,
          useFactory: (publisher: ContractPublisher) => new DurableHandoff(new BatchingPublisher(new KafkaHandoffPublisher(publisher)), new NoSpool(), { timeoutMs: config.SOCIAL_HANDOFF_TIMEOUT_MS }),
          inject: [ContractPublisher],
        },
        {
          provide: SOCIAL_MEDIA_FETCHER,
          useFactory: (blobs: BlobStore, logger: JsonLogger) =>
            new MediaFetcher(blobs, {
              policies: wirings.flatMap((wiring) => wiring.mediaPolicies),
              onFailure: (error) =>
                logger.event('warn', 'SocialMedia', 'media could not be copied into the blob store', { provider: error.provider, code: error.code, host: error.host, status: error.status, retryable: error.retryable }),
            }),
          inject: [BLOB_STORE, JsonLogger],
        },
        {
          provide: SOCIAL_MEDIA_DOWNLOADERS,
          useFactory: (...ports: MediaDownloaderPort[]) => new ProviderMediaDownloaders(Object.fromEntries(downloaders.map((downloader, index) => [downloader.provider, ports[index] as MediaDownloaderPort]))),
          inject: downloaders.map((downloader) => downloader.token),
        },
        // Media that missed its webhook's deadline waits here, in the database every replica shares.
        { provide: PendingMediaRepository, useFactory: (database: DatabaseRuntime) => new PendingMediaRepository(database.dataSource), inject: [DatabaseRuntime] },
        { provide: MediaRetryMetrics, useFactory: (registry: Registry, queue: PendingMediaRepository) => new MediaRetryMetrics(registry, queue), inject: [Registry, PendingMediaRepository] },
        {
          provide: MEDIA_RETRY_WORKER,
          useFactory: (queue: PendingMediaRepository, downloader: ProviderMediaDownloaders, publisher: ContractPublisher, metrics: MediaRetryMetrics, logger: JsonLogger) =>
            loggedMediaRetryWorker({ queue, downloader, publisher, metrics, logger }, config),
          inject: [PendingMediaRepository, SOCIAL_MEDIA_DOWNLOADERS, ContractPublisher, MediaRetryMetrics, JsonLogger],
        },
        MediaRetryLifecycle,
        ...wirings.flatMap((wiring) => wiring.providers),
        {
          provide: SOCIAL_REPLY_SENDERS,
          useFactory: (...senders: (ChannelSender | undefined)[]): ChannelSender[] => senders.filter((sender): sender is ChannelSender => sender !== undefined),
          inject: [WHATSAPP_CLOUD_SENDER, WHATSAPP_WEB_SENDER, TELEGRAM_SENDER, META_SENDER].map((token) => ({ token, optional: true })),
        },
        OutboundRepliesService,
      ],
    };
  }
}
