import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DurableHandoff, HandoffRecord } from '@tributary/channel-kit';
import { WhatsappWebSessionsService } from '@tributary/channel-social';
import type { FileSpool } from '@tributary/platform-spool';
import { WHATSAPP_WEB_HANDOFF, WHATSAPP_WEB_SPOOL } from './social-ingest.tokens';

/**
 * The whatsapp-web.js sessions and the spool-backed hand-off they write through. WhatsApp Web does
 * not send a message again once its event fired, so unlike Meta's webhooks these messages are kept
 * in a local spool while Kafka is away and drained in order when it returns. Sessions stop first
 * (their leases freed, so another replica takes the numbers at once), the spool closes last.
 */
@Injectable()
export class WhatsappWebSessionsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly sessions: WhatsappWebSessionsService,
    @Inject(WHATSAPP_WEB_HANDOFF) private readonly handoff: DurableHandoff,
    @Inject(WHATSAPP_WEB_SPOOL) private readonly spool: FileSpool<HandoffRecord>,
  ) {}

  onApplicationBootstrap(): void {
    this.handoff.start();
    this.sessions.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sessions.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handoff.stop();
    await this.spool.close();
  }
}
