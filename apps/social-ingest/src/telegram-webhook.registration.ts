import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { TelegramWebhookRegistrar, type TelegramBot } from '@tributary/channel-social';
import { JsonLogger } from '@tributary/platform-observability';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_INGEST_CONFIG, TELEGRAM_BOTS } from './social-ingest.tokens';

/**
 * Points every bot's webhook here at boot (idempotent, so every replica may). A failure is logged,
 * not fatal: Telegram keeps the updates until a later boot or the operator registers the URL.
 */
@Injectable()
export class TelegramWebhookRegistration implements OnApplicationBootstrap {
  constructor(
    @Inject(TELEGRAM_BOTS) private readonly bots: ReadonlyMap<string, TelegramBot>,
    @Inject(SOCIAL_INGEST_CONFIG) private readonly config: SocialIngestConfig,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const registrar = new TelegramWebhookRegistrar({ apiRoot: this.config.TELEGRAM_API_ROOT, webhookBaseUrl: this.config.TELEGRAM_WEBHOOK_BASE_URL ?? '' });
    for (const bot of this.bots.values()) {
      registrar.register(bot).then(
        () => this.logger.event('info', 'TelegramWebhook', 'webhook registered', { bot: bot.key }),
        (error: unknown) => this.logger.event('error', 'TelegramWebhook', 'webhook not registered; Telegram keeps the updates until it is', { bot: bot.key, error }),
      );
    }
  }
}
