import { Body, Controller, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { Webhook, WebhookErrorFilter } from '@tributary/channel-kit';
import { TelegramWebhookIntake, TelegramWebhookVerifier } from '@tributary/channel-social';

/** An update is a few kilobytes (files come by id); Telegram's own limit on a webhook body is far below this. */
const TELEGRAM_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Each bot's webhook, `/telegram/webhook/<bot key>` as the registrar set it, its secret-token header
 * checked by the kit's webhook edge before the handler runs. Answered with an empty 200: Telegram
 * would take a JSON body naming a `method` as an API call.
 */
@Controller('telegram/webhook')
@UseFilters(WebhookErrorFilter)
export class TelegramWebhookController {
  constructor(private readonly intake: TelegramWebhookIntake) {}

  @Post(':botKey')
  @HttpCode(200)
  @Webhook({ verifier: TelegramWebhookVerifier, maxBodyBytes: TELEGRAM_MAX_BODY_BYTES })
  async receive(@Param('botKey') botKey: string, @Body() body: unknown): Promise<void> {
    await this.intake.receive(botKey, body);
  }
}
