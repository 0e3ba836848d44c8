import { Controller, Get, Headers, Inject, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { WhatsappWebSessionsService, type WhatsappWebSessionView } from '@tributary/channel-social';
import type { SocialIngestConfig } from './social-ingest.config';
import { SOCIAL_INGEST_CONFIG } from './social-ingest.tokens';

/**
 * For operators: each linked number's session on this replica — waiting for its lease (held by
 * another replica), starting, waiting for the login QR (shown here until scanned), ready, or why not.
 * Behind a bearer token: a QR links the company's WhatsApp account to whoever scans it.
 */
@Controller('whatsapp-web/sessions')
export class WhatsappWebSessionsController {
  constructor(
    private readonly sessions: WhatsappWebSessionsService,
    @Inject(SOCIAL_INGEST_CONFIG) private readonly config: SocialIngestConfig,
  ) {}

  @Get()
  list(@Headers('authorization') authorization: string | undefined): { sessions: WhatsappWebSessionView[] } {
    const expected = Buffer.from(`Bearer ${this.config.WHATSAPP_WEB_OPERATOR_TOKEN ?? ''}`);
    const given = Buffer.from(authorization ?? '');
    if (this.config.WHATSAPP_WEB_OPERATOR_TOKEN === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedException('a valid operator token is required');
    }
    return { sessions: this.sessions.views() };
  }
}
