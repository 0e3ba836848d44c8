import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res, UseFilters } from '@nestjs/common';
import { Webhook, WebhookErrorFilter } from '@tributary/channel-kit';
import { answerSubscriptionHandshake, MetaWebhookVerifier, WhatsappWebhookIntake, type WhatsappWebhookOutcome } from '@tributary/channel-social';
import type { Response } from 'express';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_INGEST_CONFIG } from './social-ingest.tokens';

/** Meta posts up to 3 MB per webhook (batched entries); this leaves a little room. */
const META_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The WhatsApp Cloud API's callback URL: the subscription handshake (GET) and the signed webhooks
 * (POST), each one call into its use case. The kit's webhook edge has checked X-Hub-Signature-256
 * over the raw bytes before the POST handler runs.
 */
@Controller('whatsapp-cloud/webhook')
@UseFilters(WebhookErrorFilter)
export class WhatsappCloudWebhookController {
  constructor(
    private readonly intake: WhatsappWebhookIntake,
    @Inject(SOCIAL_INGEST_CONFIG) private readonly config: SocialIngestConfig,
  ) {}

  @Get()
  handshake(@Query() query: unknown, @Res() response: Response): void {
    response.status(200).type('text/plain').send(answerSubscriptionHandshake(query, this.config.WHATSAPP_CLOUD_VERIFY_TOKEN ?? ''));
  }

  @Post()
  @HttpCode(200)
  @Webhook({ verifier: MetaWebhookVerifier, maxBodyBytes: META_MAX_BODY_BYTES })
  receive(@Body() body: unknown): Promise<WhatsappWebhookOutcome> {
    return this.intake.receive(body);
  }
}
