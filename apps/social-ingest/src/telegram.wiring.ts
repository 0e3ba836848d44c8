import { AccountLeaseRepository, DurableHandoff, MediaIntake, MediaRetryMetrics, PendingMediaRepository, type MediaFetcher } from '@tributary/channel-kit';
import {
  resolveTelegramBots,
  TELEGRAM_MEDIA_PROVIDER,
  TELEGRAM_POLLER,
  TelegramMediaDownloader,
  TelegramPollCheckpointRepository,
  TelegramPoller,
  TelegramPollerLifecycle,
  TelegramReplySender,
  TelegramWebhookIntake,
  TelegramWebhookVerifier,
  type TelegramBot,
} from '@tributary/channel-social';
import { DatabaseRuntime } from '@tributary/platform-database';
import { JsonLogger } from '@tributary/platform-observability';
import { mediaIntakeReporting, NOT_CONFIGURED, type ProviderWiring } from './provider-wiring';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_MEDIA_FETCHER, TELEGRAM_BOTS, TELEGRAM_SENDER, WEBHOOK_HANDOFF } from './social-ingest.tokens';
import { TelegramWebhookController } from './telegram-webhook.controller';
import { TelegramWebhookRegistration } from './telegram-webhook.registration';

const TELEGRAM_MEDIA_INTAKE = Symbol('TELEGRAM_MEDIA_INTAKE');
/** Telegram serves bot files up to 20 MB. */
const TELEGRAM_MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Telegram bots with telegraf: webhooks (secret-token header) or long polling (one replica per bot,
 * the offset checkpointed in PostgreSQL), replies threaded to the customer's message. Off until
 * TELEGRAM_BOTS names a bot.
 */
export function telegramWiring(config: SocialIngestConfig): ProviderWiring {
  const { bots } = resolveTelegramBots(config);
  if (bots.size === 0) return NOT_CONFIGURED;
  const byBotId = new Map([...bots.values()].map((bot): [string, TelegramBot] => [bot.botId, bot]));
  const polling = config.TELEGRAM_MODE === 'polling';
  return {
    controllers: polling ? [] : [TelegramWebhookController],
    mediaPolicies: [
      {
        provider: TELEGRAM_MEDIA_PROVIDER,
        // The token travels in the path, not in a header: no credential hosts.
        credentialHosts: [],
        hosts: [new URL(config.TELEGRAM_API_ROOT).host],
        contentTypes: ['*/*'],
        maxBytes: Math.min(config.SOCIAL_MAX_MEDIA_BYTES, TELEGRAM_MAX_FILE_BYTES),
        timeoutMs: Math.max(config.TELEGRAM_MEDIA_DEADLINE_MS, 30_000),
        allowHttpOnLoopback: true,
      },
    ],
    mediaDownloader: { provider: TELEGRAM_MEDIA_PROVIDER, token: TelegramMediaDownloader },
    providers: [
      { provide: TELEGRAM_BOTS, useValue: bots },
      { provide: TelegramMediaDownloader, useFactory: (fetcher: MediaFetcher) => new TelegramMediaDownloader(fetcher, { apiRoot: config.TELEGRAM_API_ROOT, bots: byBotId }), inject: [SOCIAL_MEDIA_FETCHER] },
      {
        provide: TELEGRAM_MEDIA_INTAKE,
        useFactory: (downloader: TelegramMediaDownloader, queue: PendingMediaRepository, metrics: MediaRetryMetrics, logger: JsonLogger) =>
          new MediaIntake(downloader, queue, { deadlineMs: config.TELEGRAM_MEDIA_DEADLINE_MS, retryInMs: config.MEDIA_RETRY_BACKOFF_MS, ...mediaIntakeReporting('TelegramMedia', logger, metrics) }),
        inject: [TelegramMediaDownloader, PendingMediaRepository, MediaRetryMetrics, JsonLogger],
      },
      {
        provide: TelegramWebhookIntake,
        useFactory: (handoff: DurableHandoff, media: MediaIntake) => new TelegramWebhookIntake(handoff, media, { bots }),
        inject: [WEBHOOK_HANDOFF, TELEGRAM_MEDIA_INTAKE],
      },
      { provide: TELEGRAM_SENDER, useValue: new TelegramReplySender({ apiRoot: config.TELEGRAM_API_ROOT, bots }) },
      ...(polling
        ? [
            {
              provide: TELEGRAM_POLLER,
              useFactory: (database: DatabaseRuntime, intake: TelegramWebhookIntake, logger: JsonLogger) =>
                new TelegramPoller({
                  apiRoot: config.TELEGRAM_API_ROOT,
                  bots: [...bots.values()],
                  leases: new AccountLeaseRepository(database.dataSource, 'telegram'),
                  checkpoints: new TelegramPollCheckpointRepository(database.dataSource),
                  intake,
                  timeoutSeconds: config.TELEGRAM_POLL_TIMEOUT_SECONDS,
                  onError: (error, context) => logger.event('error', 'TelegramPoller', 'polling failed; retrying', { ...context, error }),
                  onLease: (bot, event) => logger.event('info', 'TelegramPoller', `lease ${event}`, { bot }),
                }),
              inject: [DatabaseRuntime, TelegramWebhookIntake, JsonLogger],
            },
            TelegramPollerLifecycle,
          ]
        : [{ provide: TelegramWebhookVerifier, useFactory: () => new TelegramWebhookVerifier(bots, config.TELEGRAM_WEBHOOK_BASE_URL ?? '') }, TelegramWebhookRegistration]),
    ],
  };
}
