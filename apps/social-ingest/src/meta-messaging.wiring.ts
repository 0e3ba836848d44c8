import { DurableHandoff, MediaIntake, MediaRetryMetrics, PendingMediaRepository, type MediaFetcher } from '@tributary/channel-kit';
import { MetaMessagingWebhookVerifier, MetaReplySender, MetaSentMessagesRepository, MetaWebhookIntake } from '@tributary/channel-social';
import { DatabaseRuntime } from '@tributary/platform-database';
import { JsonLogger } from '@tributary/platform-observability';
import { MetaWebhookController } from './meta-webhook.controller';
import { mediaIntakeReporting, NOT_CONFIGURED, type ProviderWiring } from './provider-wiring';
import type { SocialIngestConfig } from './social-ingest.config';
import { META_SENDER, SOCIAL_MEDIA_FETCHER, WEBHOOK_HANDOFF } from './social-ingest.tokens';

const META_MEDIA_PROVIDER = 'meta';
const META_MEDIA_INTAKE = Symbol('META_MEDIA_INTAKE');

/**
 * Messenger and Instagram through Meta: signed webhooks in (messages, echoes, postbacks, watermarks),
 * the Send API out. Off until META_PAGES names a page or Instagram account.
 */
export function metaMessagingWiring(config: SocialIngestConfig): ProviderWiring {
  const accounts = new Map(Object.entries(config.META_PAGES ?? {}));
  if (accounts.size === 0) return NOT_CONFIGURED;
  const tokens = new Map(Object.entries(config.META_PAGE_TOKENS ?? {}));
  return {
    controllers: [MetaWebhookController],
    mediaPolicies: [
      {
        provider: META_MEDIA_PROVIDER,
        // Attachment URLs are signed CDN URLs: fetched without any token.
        credentialHosts: [],
        hosts: config.META_MEDIA_HOSTS,
        contentTypes: ['*/*'],
        maxBytes: config.SOCIAL_MAX_MEDIA_BYTES,
        timeoutMs: Math.max(config.META_MEDIA_DEADLINE_MS, 30_000),
        allowHttpOnLoopback: true,
      },
    ],
    mediaDownloader: { provider: META_MEDIA_PROVIDER, token: SOCIAL_MEDIA_FETCHER },
    providers: [
      { provide: MetaMessagingWebhookVerifier, useFactory: () => new MetaMessagingWebhookVerifier(config.META_APP_SECRETS ?? [], config.META_WEBHOOK_BASE_URL ?? '') },
      { provide: MetaSentMessagesRepository, useFactory: (database: DatabaseRuntime) => new MetaSentMessagesRepository(database.dataSource), inject: [DatabaseRuntime] },
      {
        provide: META_MEDIA_INTAKE,
        useFactory: (fetcher: MediaFetcher, queue: PendingMediaRepository, metrics: MediaRetryMetrics, logger: JsonLogger) =>
          new MediaIntake(fetcher, queue, { deadlineMs: config.META_MEDIA_DEADLINE_MS, retryInMs: config.MEDIA_RETRY_BACKOFF_MS, ...mediaIntakeReporting('MetaMedia', logger, metrics) }),
        inject: [SOCIAL_MEDIA_FETCHER, PendingMediaRepository, MediaRetryMetrics, JsonLogger],
      },
      {
        provide: MetaWebhookIntake,
        useFactory: (handoff: DurableHandoff, media: MediaIntake, sent: MetaSentMessagesRepository) => new MetaWebhookIntake(handoff, media, sent, { accounts }),
        inject: [WEBHOOK_HANDOFF, META_MEDIA_INTAKE, MetaSentMessagesRepository],
      },
      {
        provide: META_SENDER,
        useFactory: (sent: MetaSentMessagesRepository) =>
          new MetaReplySender({ graphBaseUrl: config.META_GRAPH_BASE_URL, apiVersion: config.META_API_VERSION, accounts, pageToken: (id) => tokens.get(id), sent }),
        inject: [MetaSentMessagesRepository],
      },
    ],
  };
}
