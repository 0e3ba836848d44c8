import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res, UseFilters } from '@nestjs/common';
import { Webhook, WebhookErrorFilter } from '@tributary/channel-kit';
import { answerSubscriptionHandshake, MetaMessagingWebhookVerifier, MetaWebhookIntake, type MetaWebhookOutcome } from '@tributary/channel-social';
import type { Response } from 'express';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_INGEST_CONFIG } from './social-ingest.tokens';

/** Meta posts up to 3 MB per webhook (batched entries); this leaves a little room. */
const META_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Messenger's and Instagram's callback URL: the subscription handshake (GET) and the signed
 * webhooks (POST), X-Hub-Signature-256 checked over the raw bytes by the kit's edge first.
 */
@Controller('meta/webhook')
@UseFilters(WebhookErrorFilter)
export class MetaWebhookController {
  constructor(
    private readonly intake: MetaWebhookIntake,
    @Inject(SOCIAL_INGEST_CONFIG) private readonly config: SocialIngestConfig,
  ) {}

  @Get()
  handshake(@Query() query: unknown, @Res() response: Response): void {
    response.status(200).type('text/plain').send(answerSubscriptionHandshake(query, this.config.META_VERIFY_TOKEN ?? ''));
  }

  @Post()
  @HttpCode(200)
  @Webhook({ verifier: MetaMessagingWebhookVerifier, maxBodyBytes: META_MAX_BODY_BYTES })
  receive(@Body() body: unknown): Promise<MetaWebhookOutcome> {
    return this.intake.receive(body);
  }
}
