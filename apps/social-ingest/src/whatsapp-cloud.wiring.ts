import { DurableHandoff, MediaIntake, MediaRetryMetrics, PendingMediaRepository, type MediaFetcher } from '@tributary/channel-kit';
import { MetaWebhookVerifier, WHATSAPP_MEDIA_PROVIDER, WhatsappCloudReplySender, WhatsappMediaDownloader, WhatsappWebhookIntake } from '@tributary/channel-social';
import { JsonLogger } from '@tributary/platform-observability';
import { mediaIntakeReporting, NOT_CONFIGURED, type ProviderWiring } from './provider-wiring';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_MEDIA_FETCHER, WEBHOOK_HANDOFF, WHATSAPP_CLOUD_SENDER } from './social-ingest.tokens';
import { WhatsappCloudWebhookController } from './whatsapp-cloud-webhook.controller';

const WHATSAPP_MEDIA_INTAKE = Symbol('WHATSAPP_MEDIA_INTAKE');

/** WhatsApp's Cloud API: Meta-signed webhooks in, the Graph API out; off until WHATSAPP_CLOUD_NUMBERS names a number. */
export function whatsappCloudWiring(config: SocialIngestConfig): ProviderWiring {
  const numbers = new Map(Object.entries(config.WHATSAPP_CLOUD_NUMBERS ?? {}));
  if (numbers.size === 0) return NOT_CONFIGURED;
  const graphVersionUrl = `${config.WHATSAPP_CLOUD_GRAPH_BASE_URL}/${config.WHATSAPP_CLOUD_API_VERSION}`;
  const accessToken = (): string => config.WHATSAPP_CLOUD_ACCESS_TOKEN ?? '';
  return {
    controllers: [WhatsappCloudWebhookController],
    mediaPolicies: [
      {
        provider: WHATSAPP_MEDIA_PROVIDER,
        // Both steps need the token: the Graph API for the download URL, the media host for the bytes.
        credentialHosts: [new URL(config.WHATSAPP_CLOUD_GRAPH_BASE_URL).host, ...config.WHATSAPP_CLOUD_MEDIA_HOSTS],
        credentials: () => ({ authorization: `Bearer ${accessToken()}` }),
        contentTypes: ['*/*'],
        maxBytes: config.SOCIAL_MAX_MEDIA_BYTES,
        timeoutMs: Math.max(config.WHATSAPP_CLOUD_MEDIA_DEADLINE_MS, 30_000),
        allowHttpOnLoopback: true,
      },
    ],
    mediaDownloader: { provider: WHATSAPP_MEDIA_PROVIDER, token: WhatsappMediaDownloader },
    providers: [
      { provide: MetaWebhookVerifier, useFactory: () => new MetaWebhookVerifier(config.WHATSAPP_CLOUD_APP_SECRETS ?? [], config.WHATSAPP_CLOUD_WEBHOOK_BASE_URL ?? '') },
      { provide: WhatsappMediaDownloader, useFactory: (fetcher: MediaFetcher) => new WhatsappMediaDownloader(fetcher), inject: [SOCIAL_MEDIA_FETCHER] },
      {
        provide: WHATSAPP_MEDIA_INTAKE,
        useFactory: (downloader: WhatsappMediaDownloader, queue: PendingMediaRepository, metrics: MediaRetryMetrics, logger: JsonLogger) =>
          new MediaIntake(downloader, queue, { deadlineMs: config.WHATSAPP_CLOUD_MEDIA_DEADLINE_MS, retryInMs: config.MEDIA_RETRY_BACKOFF_MS, ...mediaIntakeReporting('WhatsappMedia', logger, metrics) }),
        inject: [WhatsappMediaDownloader, PendingMediaRepository, MediaRetryMetrics, JsonLogger],
      },
      {
        provide: WhatsappWebhookIntake,
        useFactory: (handoff: DurableHandoff, media: MediaIntake) => new WhatsappWebhookIntake(handoff, media, { numbers, mediaUrl: (mediaId) => `${graphVersionUrl}/${encodeURIComponent(mediaId)}` }),
        inject: [WEBHOOK_HANDOFF, WHATSAPP_MEDIA_INTAKE],
      },
      {
        provide: WHATSAPP_CLOUD_SENDER,
        useValue: new WhatsappCloudReplySender({ graphBaseUrl: config.WHATSAPP_CLOUD_GRAPH_BASE_URL, apiVersion: config.WHATSAPP_CLOUD_API_VERSION, accessToken, numbers }),
      },
    ],
  };
}
